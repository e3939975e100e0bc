/**
 * The package entry: defines `<imagekit-uploader>` once (a second copy of the script on the page
 * leaves the first definition alone) and re-exports the public types.
 * @module
 */

import { ImageKitUploader } from './imagekit-uploader.ts';

export { ImageKitUploader };
export { defaultStrings } from './strings.ts';
export { uploaderEvents } from './events.ts';
export type { UploaderStrings } from './strings.ts';
export type { HeadersSource } from './backend-client.ts';
export type * from './events.ts';
export type * from './types.ts';

if (!customElements.get('imagekit-uploader')) {
  customElements.define('imagekit-uploader', ImageKitUploader);
}
