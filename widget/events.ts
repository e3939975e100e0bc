/**
 * The element's events: one `iku-` family, each a bubbling, composed CustomEvent with a typed
 * detail. The names and detail types are exported and added to the global event map.
 * @module
 */

import type { FileRow, FileState, UploaderErrorCode, UploaderFile } from './types.ts';

export interface UploadStateDetail {
  file: UploaderFile;
  /** The state just entered, the same as `file.state`. */
  state: FileState;
  /** The state left; null when the file just joined the list. */
  previous: FileState | null;
}

export interface UploadStartDetail {
  file: UploaderFile;
  /** 1 for the first attempt, higher for retries. */
  attempt: number;
}

export interface UploadProgressDetail {
  file: UploaderFile;
  /** Bytes of the file sent so far. */
  loaded: number;
  total: number;
}

export interface UploadSuccessDetail {
  file: UploaderFile;
  /** The row the backend saved. */
  row: FileRow;
}

export interface UploadErrorDetail {
  file: UploaderFile;
  code: UploaderErrorCode;
  message: string;
  /** HTTP status of the failed step, when there was one. */
  status?: number;
}

export interface UploadCancelDetail {
  file: UploaderFile;
}

export interface QueueCompleteDetail {
  done: number;
  failed: number;
  canceled: number;
  /** Every saved row currently in the list. */
  rows: FileRow[];
}

/** Event name -> detail type. */
export interface UploaderEventDetails {
  'iku-upload-state': UploadStateDetail;
  'iku-upload-start': UploadStartDetail;
  'iku-upload-progress': UploadProgressDetail;
  'iku-upload-success': UploadSuccessDetail;
  'iku-upload-error': UploadErrorDetail;
  'iku-upload-cancel': UploadCancelDetail;
  'iku-queue-complete': QueueCompleteDetail;
}

export type UploaderEventName = keyof UploaderEventDetails;

export const uploaderEvents = Object.freeze({
  state: 'iku-upload-state',
  start: 'iku-upload-start',
  progress: 'iku-upload-progress',
  success: 'iku-upload-success',
  error: 'iku-upload-error',
  cancel: 'iku-upload-cancel',
  complete: 'iku-queue-complete',
} as const satisfies Record<string, UploaderEventName>);

export function createUploaderEvent<K extends UploaderEventName>(
  name: K,
  detail: UploaderEventDetails[K],
): CustomEvent<UploaderEventDetails[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

declare global {
  interface HTMLElementEventMap {
    'iku-upload-state': CustomEvent<UploadStateDetail>;
    'iku-upload-start': CustomEvent<UploadStartDetail>;
    'iku-upload-progress': CustomEvent<UploadProgressDetail>;
    'iku-upload-success': CustomEvent<UploadSuccessDetail>;
    'iku-upload-error': CustomEvent<UploadErrorDetail>;
    'iku-upload-cancel': CustomEvent<UploadCancelDetail>;
    'iku-queue-complete': CustomEvent<QueueCompleteDetail>;
  }
}
