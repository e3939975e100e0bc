/**
 * Every user-visible text of the widget, in one table. A page overrides any entry through the
 * element's `strings` property. `{name}`-style placeholders are filled by `format()`.
 * @module
 */

import type { FileState, UploaderErrorCode } from './types.ts';

export const defaultStrings = {
  dropzoneLabel: 'Choose files or drop them here',
  dropzoneLabelSingle: 'Choose a file or drop it here',
  dropzoneActive: 'Drop to upload',
  acceptAny: 'Any file type',
  /** The last two accepted types; the others go before them, comma-separated. */
  acceptAnd: '{list} and {last}',
  accept_image: 'images',
  accept_video: 'videos',
  accept_audio: 'audio',
  maxSize: 'up to {size} each',
  maxFiles: 'at most {count} files',
  listLabel: 'Files',
  cancel: 'Cancel upload of {name}',
  retry: 'Retry {name}',
  remove: 'Remove {name}',
  totalProgress: 'Total progress',
  fileProgress: 'Progress of {name}',
  state_queued: 'Waiting',
  state_authorizing: 'Preparing',
  state_uploading: 'Uploading {percent}%',
  state_saving: 'Saving',
  state_done: 'Saved',
  state_failed: 'Failed',
  state_canceled: 'Canceled',
  waitingForNetwork: 'Offline, waiting for the connection',
  retrying: 'Retrying',
  summaryOneDone: '1 file saved',
  summaryAllDone: 'All {done} saved',
  summaryUploadingOne: 'Uploading 1 file · {percent}%',
  summaryUploading: 'Uploading {count} files · {percent}%',
  /** Once all have settled and some failed. */
  summaryProgress: '{done} of {total} saved',
  summaryFailed: '{failed} failed',
  summaryCanceled: '{canceled} canceled',
  announceStart: 'Uploading {count} files',
  announceStartOne: 'Uploading {name}',
  announceProgress: 'Uploaded {percent}%',
  announceComplete: 'Upload finished: {done} saved, {failed} failed, {canceled} canceled',
  announceRefused: '{count} files not added',
  announceRefusedOne: '{name} not added: {reason}',
  announceFailedOne: '{name} failed: {reason}',
  validityUploading: 'Uploading...',
  validityRequired: 'Please add at least one file.',
  endpointMissing: 'This uploader is not configured: the endpoint attribute is missing.',
  endpointInvalid: 'This uploader is not configured: "{endpoint}" is not a valid endpoint URL.',
  'error_file-empty': 'The file is empty',
  'error_file-too-large': 'Larger than {size}',
  'error_file-type-not-accepted': 'This file type is not accepted',
  contentNotImage: "The file's content is not an image",
  contentNotMedia: "The file's content is not an image or video",
  'error_too-many-files': 'Too many files (at most {count})',
  'error_auth-params-failed': 'Could not get upload permission',
  'error_upload-rejected': 'The upload was refused',
  'error_upload-server-error': 'The upload service failed',
  'error_network-error': 'Network error',
  /** A backend on another origin than the page's. */
  backendUnreachable:
    "Could not reach the backend. Check the endpoint and that this page's origin is in the " +
    "backend's ALLOWED_ORIGINS.",
  backendUnreachableSameOrigin: 'Could not reach the backend. Check that it is running.',
  'error_save-failed': 'Uploaded, but saving failed',
  error_unknown: 'Something went wrong',
  size_B: '{size} B',
  size_KB: '{size} KB',
  size_MB: '{size} MB',
  size_GB: '{size} GB',
} satisfies Record<string, string>;

export type UploaderStrings = Record<keyof typeof defaultStrings, string>;

/** Looks up a text and fills its placeholders. */
export type Text = (key: keyof UploaderStrings, values?: Record<string, string | number>) => string;

export type StateStringKey = `state_${FileState}`;
export type ErrorStringKey = `error_${UploaderErrorCode}`;

/** Fills `{key}` placeholders; unknown keys stay visible so a bad override is easy to spot. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    key in values ? String(values[key]) : match,
  );
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** Human-readable size, binary units as file managers show them. */
export function formatBytes(bytes: number, text: Text): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const size = unit === 0 ? value : value < 10 ? value.toFixed(1) : Math.round(value);
  return text(`size_${UNITS[unit]}`, { size });
}
