/**
 * The contract between the upload queue and the outside world: what it asks of its
 * dependencies, what it tells its hooks, and its options.
 * @module
 */

import type { AuthParams, AuthParamsBatch, FileRow, UploadResult, UploaderFile } from './types.ts';

/** One upload attempt's credentials and destination. */
export interface UploadGrant {
  publicKey: string;
  uploadUrl: string;
  params: AuthParams;
}

export interface UploadRequest<F> {
  file: F;
  grant: UploadGrant;
  signal: AbortSignal;
  onProgress(loaded: number, total: number): void;
}

/** Everything the queue does to the outside world. */
export interface QueueDeps<F> {
  fetchAuthParams(count: number): Promise<AuthParamsBatch>;
  upload(request: UploadRequest<F>): Promise<UploadResult>;
  save(result: UploadResult): Promise<FileRow>;
  isOnline(): boolean;
  /** Resolves when the browser is back online, or when the signal aborts. */
  waitForOnline(signal: AbortSignal): Promise<void>;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface QueueCounts {
  done: number;
  failed: number;
  canceled: number;
}

export interface QueueHooks {
  onStart?(file: UploaderFile): void;
  onProgress?(file: UploaderFile): void;
  onSuccess?(file: UploaderFile, row: FileRow): void;
  onError?(file: UploaderFile): void;
  onCancel?(file: UploaderFile): void;
  onComplete?(counts: QueueCounts): void;
  /** Any change worth re-rendering. */
  onChange?(): void;
}

export interface QueueOptions {
  /** Uploads in flight at once. */
  concurrency?: number;
  /** Saves in flight at once; they run beside the uploads, not in their slots. */
  saveConcurrency?: number;
  /** Automatic attempts after the first, for network errors and 5xx. */
  maxAutoRetries?: number;
  /** First backoff delay in ms; doubles per retry, with jitter. */
  retryDelay?: number;
}
