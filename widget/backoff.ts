/**
 * How long a failed step waits before it runs again, shared by the upload queue and the auth
 * pool: a doubling delay with jitter, never shorter than the server's Retry-After.
 * @module
 */

import type { QueueError } from './errors.ts';
import type { QueueOptions } from './queue-types.ts';

/** A Retry-After longer than this is not honoured in full; the user sees a failure instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Automatic retries after a first failed attempt. */
export const maxRetries = (options: QueueOptions) => options.maxAutoRetries ?? 3;

/** The wait before automatic retry number `retry` (1 for the first). */
export function backoffDelay(options: QueueOptions, retry: number, error: QueueError): number {
  // Jitter keeps many files that failed together from coming back in one burst.
  const jitter = 0.75 + Math.random() * 0.5;
  const backoff = (options.retryDelay ?? 1000) * 2 ** (retry - 1) * jitter;
  return Math.max(backoff, Math.min(error.retryAfter ?? 0, MAX_RETRY_AFTER_MS));
}

/**
 * Retry-After in ms; undefined when absent or not a number of seconds (the HTTP-date form, which
 * APIs rarely send, is not worth its bytes in the script build).
 */
export function parseRetryAfter(value: string | null): number | undefined {
  const seconds = Number(value || NaN);
  return seconds >= 0 ? seconds * 1000 : undefined;
}
