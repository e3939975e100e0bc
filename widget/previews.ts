/**
 * Pictures beside each file: a local object URL for images the browser can show while the file
 * is in flight, ImageKit's resized rendition once the row is saved. Object URLs are revoked when
 * a file leaves the list and when the element leaves the page.
 *
 * A picture is handed out only once it has loaded. One that cannot (a damaged or mislabelled
 * file, a HEIC ImageKit could not render) never reaches the list, where the browser would draw
 * its broken-image sign; the file icon stays instead. And a row that Lit reuses for another file
 * switches to that file's picture at once, since the browser already holds it.
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
  /** Whether a picture loaded (true), could not (false) or is still loading (null). */
  readonly #loaded = new Map<string, boolean | null>();
  readonly #onLoad: () => void;

  /** `onLoad` hears when a picture finished loading, or failed to: time to draw again. */
  constructor(onLoad: () => void) {
    this.#onLoad = onLoad;
  }

  /**
   * The URL to show for a file, or undefined when there is nothing to show yet. A saved image
   * switches to ImageKit's thumbnail only once `settled` (nothing left uploading): until then
   * its download and server-side resize would compete with the uploads still in flight. The
   * local picture stays until the thumbnail has loaded, and comes back if it cannot.
   */
  for(file: UploaderFile, blob: Blob | undefined, settled = true): string | undefined {
    const { id, row } = file;
    // Once asked for, ImageKit's thumbnail stays, even when new uploads start later.
    if (row?.fileType === 'image' && (settled || this.#thumbnails.has(id))) {
      this.#thumbnails.add(id);
      const thumbnail = this.#ifLoaded(thumbnailUrl(row.url));
      if (thumbnail) {
        this.#revokeLocal(id);
        return thumbnail;
      }
    }

    if (!blob || !BROWSER_IMAGE_TYPE.test(typeOf(file))) return undefined;

    let url = this.#urls.get(id);
    if (!url) {
      url = URL.createObjectURL(blob);
      this.#urls.set(id, url);
    }
    return this.#ifLoaded(url);
  }

  revoke(id: string): void {
    this.#revokeLocal(id);
    this.#thumbnails.delete(id);
  }

  revokeAll(): void {
    for (const id of [...this.#urls.keys()]) this.revoke(id);
    this.#thumbnails.clear();
    this.#loaded.clear();
  }

  #revokeLocal(id: string): void {
    const url = this.#urls.get(id);
    if (url) {
      URL.revokeObjectURL(url);
      this.#loaded.delete(url);
    }
    this.#urls.delete(id);
  }

  /** `url` once it has loaded; until then undefined, and a load is started the first time. */
  #ifLoaded(url: string): string | undefined {
    const loaded = this.#loaded.get(url);
    if (loaded === undefined) {
      this.#loaded.set(url, null);
      const probe = new Image();
      const settle = (ok: boolean) => () => {
        // A picture revoked meanwhile is no longer asked for.
        if (!this.#loaded.has(url)) return;
        this.#loaded.set(url, ok);
        this.#onLoad();
      };
      probe.onload = settle(true);
      probe.onerror = settle(false);
      probe.src = url;
    }
    return loaded ? url : undefined;
  }
}

/**
 * ImageKit's resized rendition of a saved file, from the SDK's URL builder: the transformation
 * goes in the query string (`?tr=`, or `&tr=` after a query the URL has), where ImageKit reads it
 * for any URL it delivers. The row's URL is absolute, so the builder needs no endpoint.
 */
export function thumbnailUrl(url: string): string {
  return buildSrc({
    urlEndpoint: '',
    src: url,
    transformation: [{ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, crop: 'at_max' }],
  });
}
