/**
 * The one error type the queue understands: a string-union code, whether trying again can help,
 * and the HTTP status when there was one. Transport and backend client translate into it.
 * @module
 */

import type { UploaderErrorCode } from './types.ts';

export interface QueueErrorOptions {
  /** A later attempt may succeed (network failure, 5xx). */
  retryable: boolean;
  status?: number;
  /** How long the server asked to wait before trying again (Retry-After), in ms. */
  retryAfter?: number;
  /** The message is what ImageKit or the backend said about the failure. */
  fromServer?: boolean;
  /** The backend could not be reached at all: down, a wrong endpoint, or blocked by CORS. */
  unreachable?: boolean;
  cause?: unknown;
}

export class QueueError extends Error {
  readonly code: UploaderErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfter?: number;
  readonly fromServer?: boolean;
  readonly unreachable?: boolean;

  constructor(code: UploaderErrorCode, message: string, options: QueueErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'QueueError';
    this.code = code;
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.fromServer = options.fromServer;
    this.unreachable = options.unreachable;
  }

  /** The same failure, final: no automatic retry is left for it. */
  final(): QueueError {
    if (!this.retryable) return this;
    return new QueueError(this.code, this.message, { ...this, retryable: false, cause: this });
  }
}

/**
 * Network failures, server-side (5xx) failures and rate limits (429, after its Retry-After) are
 * worth another attempt; other 4xx are not.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps anything thrown into a QueueError, keeping one that already is. */
export function toQueueError(error: unknown, fallback: UploaderErrorCode): QueueError {
  if (error instanceof QueueError) return error;

  return new QueueError(fallback, messageOf(error), { retryable: false, cause: error });
}
