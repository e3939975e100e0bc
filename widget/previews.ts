/**
 * Pictures beside each file: a local object URL for images the browser can show while the file
 * is in flight, ImageKit's resized rendition once the row is saved. Object URLs are revoked when
 * a file leaves the list and when the element leaves the page.
 * @module
 */

import type { UploaderFile } from './types.ts';

const BROWSER_IMAGE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/svg+xml',
  'image/x-icon',
]);

/** Edge of the square thumbnail in CSS pixels, doubled for dense screens. */
const THUMBNAIL_SIZE = 160;

export class PreviewUrls {
  private readonly urls = new Map<string, string>();
  private readonly thumbnails = new Set<string>();

  /**
   * The URL to show for a file, or undefined when there is nothing to show. A saved image
   * switches to ImageKit's thumbnail only once `settled` (nothing left uploading): until then
   * its download and server-side resize would compete with the uploads still in flight.
   */
  for(file: UploaderFile, blob: Blob | undefined, settled = true): string | undefined {
    // Once shown, ImageKit's thumbnail stays, even when new uploads start later.
    if (file.row?.fileType === 'image' && (settled || this.thumbnails.has(file.id))) {
      this.revoke(file.id);
      this.thumbnails.add(file.id);
      return thumbnailUrl(file.row.url);
    }

    if (!blob || !BROWSER_IMAGE_TYPES.has(file.type)) return undefined;

    let url = this.urls.get(file.id);
    if (!url) {
      url = URL.createObjectURL(blob);
      this.urls.set(file.id, url);
    }
    return url;
  }

  revoke(id: string): void {
    const url = this.urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(id);
    this.thumbnails.delete(id);
  }

  revokeAll(): void {
    for (const id of [...this.urls.keys()]) this.revoke(id);
    this.thumbnails.clear();
  }

  /** How many object URLs are alive; tests read it to prove revocation. */
  get size(): number {
    return this.urls.size;
  }
}

/**
 * ImageKit's resize as a `tr` query on the delivery URL, the form the SDK's `buildSrc` writes;
 * written by hand because the SDK's builder would add about 2 KB gzip for this one string.
 */
export function thumbnailUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}tr=w-${THUMBNAIL_SIZE},h-${THUMBNAIL_SIZE},c-at_max`;
}
