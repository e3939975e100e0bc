/**
 * The contract between the upload queue and the outside world: what it asks of its
 * dependencies, what it tells its hooks, and its options.
 * @module
 */

import type { AuthParams, AuthParamsBatch, FileRow, FileState, UploadResult } from './types.ts';
import type { UploaderFile } from './types.ts';

/** Where an upload's row is saved: the backend that signed its auth params. */
export interface SaveTarget {
  save(result: UploadResult, signal: AbortSignal): Promise<FileRow>;
}

/** One answer of the backend's auth-params endpoint, as the queue receives it. */
export interface AuthBatch extends AuthParamsBatch {
  /**
   * The backend's clock when it answered (ms since the epoch), when its Date header is readable.
   */
  serverTime?: number;
  /** The backend that signed the batch. */
  backend: SaveTarget;
}

/** One upload attempt's credentials and destination. */
export interface UploadGrant {
  publicKey: string;
  uploadUrl: string;
  params: AuthParams;
  /** The file's save goes here, even when the element's endpoint changed since. */
  backend: SaveTarget;
}

export interface UploadRequest<F> {
  file: F;
  grant: UploadGrant;
  signal: AbortSignal;
  onProgress(loaded: number, total: number): void;
}

/** Everything the queue does to the outside world. */
export interface QueueDeps<F> {
  fetchAuthParams(count: number, signal: AbortSignal): Promise<AuthBatch>;
  upload(request: UploadRequest<F>): Promise<UploadResult>;
  isOnline(): boolean;
  /** Resolves when the browser is back online, or when the signal aborts. */
  waitForOnline(signal: AbortSignal): Promise<void>;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Names the backend and credentials; pooled auth params of another key are thrown away. */
  authKey?(): string;
  /** A monotonic clock in ms (default `performance.now()`), for auth params' lifetimes. */
  now?(): number;
}

export interface QueueCounts {
  done: number;
  failed: number;
  canceled: number;
}

export interface QueueHooks {
  /** A file entered a state; `previous` is null for a file just listed. */
  onState?(file: UploaderFile, previous: FileState | null): void;
  onStart?(file: UploaderFile): void;
  onProgress?(file: UploaderFile): void;
  onSuccess?(file: UploaderFile, row: FileRow): void;
  onError?(file: UploaderFile): void;
  onCancel?(file: UploaderFile): void;
  onComplete?(counts: QueueCounts): void;
  /** Any change worth re-rendering; called before the hooks above that report it. */
  onChange?(): void;
}

/** Read whenever they are needed, so a page may change them at any time (getters welcome). */
export interface QueueOptions {
  /** Uploads in flight at once. */
  readonly concurrency?: number;
  /** Saves in flight at once; they run beside the uploads, not in their slots. */
  readonly saveConcurrency?: number;
  /** Automatic attempts after the first, for network errors, 5xx and 429. */
  readonly maxAutoRetries?: number;
  /** First backoff delay in ms; doubles per retry, with jitter. */
  readonly retryDelay?: number;
}
