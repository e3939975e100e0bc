/**
 * Pictures beside each file: a local object URL for images the browser can show while the file
 * is in flight, ImageKit's resized rendition once the row is saved. Object URLs are revoked when
 * a file leaves the list and when the element leaves the page. A picture that fails to load
 * (HEIC ImageKit could not render, a damaged file) gives way to the file icon.
 * @module
 */

import { buildSrc } from '@imagekit/javascript';
import type { UploaderFile } from './types.ts';
import { typeOf } from './validate.ts';

/** Types every current browser draws in an <img>. */
const BROWSER_IMAGE_TYPE = /^image\/(jpeg|png|gif|webp|avif|bmp|svg\+xml|x-icon)$/;

/** Edge of the square thumbnail in CSS pixels, doubled for dense screens. */
const THUMBNAIL_SIZE = 160;

export class PreviewUrls {
  readonly #urls = new Map<string, string>();
  readonly #thumbnails = new Set<string>();
  readonly #broken = new Set<string>();

  /**
   * The URL to show for a file, or undefined when there is nothing to show. A saved image
   * switches to ImageKit's thumbnail only once `settled` (nothing left uploading): until then
   * its download and server-side resize would compete with the uploads still in flight.
   */
  for(file: UploaderFile, blob: Blob | undefined, settled = true): string | undefined {
    // Once shown, ImageKit's thumbnail stays, even when new uploads start later.
    if (file.row?.fileType === 'image' && (settled || this.#thumbnails.has(file.id))) {
      this.revoke(file.id);
      this.#thumbnails.add(file.id);
      return this.#unlessBroken(thumbnailUrl(file.row.url));
    }

    if (!blob || !BROWSER_IMAGE_TYPE.test(typeOf(file))) return undefined;

    let url = this.#urls.get(file.id);
    if (!url) {
      url = URL.createObjectURL(blob);
      this.#urls.set(file.id, url);
    }
    return this.#unlessBroken(url);
  }

  /** The picture at `url` could not be shown; the file's icon stands in for it from now on. */
  markBroken(url: string): void {
    this.#broken.add(url);
  }

  revoke(id: string): void {
    const url = this.#urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.#urls.delete(id);
    this.#thumbnails.delete(id);
  }

  revokeAll(): void {
    for (const id of [...this.#urls.keys()]) this.revoke(id);
    this.#thumbnails.clear();
    this.#broken.clear();
  }

  #unlessBroken(url: string): string | undefined {
    return this.#broken.has(url) ? undefined : url;
  }
}

/** ImageKit's resized rendition of a saved file, from the SDK's URL builder. */
export function thumbnailUrl(url: string): string {
  return buildSrc({
    urlEndpoint: '',
    src: url,
    transformation: [{ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, crop: 'at_max' }],
  });
}
