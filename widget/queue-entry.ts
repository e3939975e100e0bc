/**
 * One file inside the queue, and the read-only snapshot of it that events, `files` and the
 * rendering see. Snapshots are cached so an unchanged file costs nothing per render.
 * @module
 */

import type { QueueError } from './errors.ts';
import type { QueueHooks, SaveTarget } from './queue-types.ts';
import type { FileRow, FileState, UploadResult, UploaderFile } from './types.ts';
import type { FileLike } from './validate.ts';

export interface Entry<F> {
  id: string;
  file: F;
  state: FileState;
  loaded: number;
  attempts: number;
  autoRetries: number;
  /** A run (upload and save, or the save alone) owns the entry. */
  running: boolean;
  /** The run holds an upload slot: from asking for auth params until ImageKit answers. */
  slot: boolean;
  retrying: boolean;
  waitingForNetwork: boolean;
  controller?: AbortController;
  error?: QueueError;
  uploaded?: UploadResult;
  /** The backend that signed the upload, where its save goes. */
  backend?: SaveTarget;
  row?: FileRow;
  /** The last snapshot, reused while nothing it shows has changed. */
  snap?: UploaderFile;
}

/** A frozen snapshot of an entry, the same object as long as nothing it shows has changed. */
export function snapshot<F extends FileLike>(entry: Entry<F>): UploaderFile {
  const last = entry.snap;
  if (
    last &&
    last.state === entry.state &&
    last.loaded === entry.loaded &&
    last.attempts === entry.attempts &&
    last.retrying === entry.retrying &&
    last.waitingForNetwork === entry.waitingForNetwork &&
    last.uploaded === entry.uploaded &&
    last.row === entry.row &&
    // A new error always comes with a new state; its message tells one failure from another.
    last.error?.message === entry.error?.message
  ) {
    return last;
  }

  entry.snap = Object.freeze({
    id: entry.id,
    name: entry.file.name,
    size: entry.file.size,
    type: entry.file.type,
    state: entry.state,
    loaded: entry.loaded,
    attempts: entry.attempts,
    error: entry.error && {
      code: entry.error.code,
      message: entry.error.message,
      status: entry.error.status,
      fromServer: entry.error.fromServer,
      unreachable: entry.error.unreachable,
    },
    waitingForNetwork: entry.waitingForNetwork,
    retrying: entry.retrying,
    uploaded: entry.uploaded,
    row: entry.row,
  });
  return entry.snap;
}

/** Moves an entry to `state`: the hooks hear of the change first, then of the new state. */
export function setState<F extends FileLike>(
  entry: Entry<F>,
  hooks: QueueHooks,
  state: FileState,
): void {
  const previous = entry.state;
  entry.state = state;
  hooks.onChange?.();
  if (previous !== state) hooks.onState?.(snapshot(entry), previous);
}

/** Whether a file can still be canceled. */
export function canCancel(file: UploaderFile): boolean {
  // Not while saving: any save attempt, even one that seemed to fail, may have written the row.
  return file.state === 'queued' || file.state === 'authorizing' || file.state === 'uploading';
}

/** Retry is offered for failures a new attempt can fix, and for canceled files. */
export function canRetry(file: UploaderFile): boolean {
  if (file.state === 'canceled') return true;
  return file.state === 'failed' && !isValidationCode(file.error?.code);
}

/** Whether a code is validation's: the file was refused before any request. */
export function isValidationCode(code: string | undefined): boolean {
  // file-empty, file-too-large, file-type-not-accepted, too-many-files
  return /^(file-|too-many-files$)/.test(code ?? '');
}
