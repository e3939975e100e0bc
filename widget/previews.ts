/**
 * Pictures beside each file: a local object URL for images the browser can show while the file
 * is in flight, ImageKit's resized rendition once the row is saved. Object URLs are revoked when
 * a file leaves the list and when the element leaves the page.
 * @module
 */

import { buildSrc } from '@imagekit/javascript';
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

  /** The URL to show for a file, or undefined when there is nothing to show. */
  for(file: UploaderFile, blob: Blob | undefined): string | undefined {
    if (file.row && file.row.fileType === 'image') {
      this.revoke(file.id);
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
  }

  revokeAll(): void {
    for (const id of [...this.urls.keys()]) this.revoke(id);
  }

  /** How many object URLs are alive; tests read it to prove revocation. */
  get size(): number {
    return this.urls.size;
  }
}

/** ImageKit's URL builder adds the resize as a `tr` query to the delivery URL. */
export function thumbnailUrl(url: string): string {
  return buildSrc({
    urlEndpoint: new URL(url).origin,
    src: url,
    transformation: [{ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, crop: 'at_max' }],
  });
}
