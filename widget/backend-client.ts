/**
 * Requests to the site's backend: batched auth params and the save. Headers (a bearer token)
 * or credentials (cookies) come from the element's properties. Every request ends within
 * `timeout`: a backend that does not answer counts as a network error, which is retried.
 * @module
 */

import { parseRetryAfter } from './backoff.ts';
import { QueueError, isRetryableStatus } from './errors.ts';
import type { AuthBatch, SaveTarget } from './queue-types.ts';
import type { AuthParams, FileRow, UploadResult } from './types.ts';
import type { UploaderErrorCode } from './types.ts';

/** Extra request headers, or a function returning them (called before every request). */
export type HeadersSource =
  Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface BackendClientOptions {
  endpoint: string;
  headers?: HeadersSource;
  credentials?: RequestCredentials;
  /** Longest wait for an answer, in ms. */
  timeout?: number;
}

/** The backend's batch limit for `count`. */
export const MAX_AUTH_BATCH = 20;

export class BackendClient implements SaveTarget {
  readonly #options: BackendClientOptions;

  constructor(options: BackendClientOptions) {
    this.#options = options;
  }

  /** Fetches `count` fresh single-use sets; the caller starts exactly that many uploads. */
  async fetchAuthParams(count: number, signal: AbortSignal): Promise<AuthBatch> {
    const { body, response } = await this.#request(
      'auth-params-failed',
      `generate-auth-params?count=${count}`,
      { method: 'GET', signal },
    );

    const batch = body as Partial<AuthBatch>;
    if (
      typeof batch.publicKey !== 'string' ||
      typeof batch.uploadUrl !== 'string' ||
      !Array.isArray(batch.params) ||
      !batch.params.every(isAuthParams)
    ) {
      throw new QueueError('auth-params-failed', 'The backend answered auth params malformed', {
        retryable: false,
      });
    }

    // Readable only when the backend exposes it (same origin, or Access-Control-Expose-Headers).
    const date = Date.parse(response.headers.get('date') ?? '');
    return {
      publicKey: batch.publicKey,
      uploadUrl: batch.uploadUrl,
      params: batch.params,
      backend: this,
      ...(Number.isNaN(date) ? {} : { serverTime: date }),
    };
  }

  /**
   * Records an upload ImageKit accepted; resolves with the saved row. Aborting `signal` ends the
   * request, but a save the backend already received may still be written: the file is then
   * saved on the server while the list has let go of it.
   */
  async save(result: UploadResult, signal: AbortSignal): Promise<FileRow> {
    const { body } = await this.#request('save-failed', 'save-metadata', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result),
      signal,
    });

    const file = (body as { file?: FileRow } | null)?.file;
    if (!file || typeof file.fileId !== 'string' || typeof file.url !== 'string') {
      throw new QueueError('save-failed', 'The backend answered the save without a file', {
        retryable: false,
      });
    }
    return file;
  }

  async #request(
    code: UploaderErrorCode,
    path: string,
    init: RequestInit & { signal: AbortSignal },
  ): Promise<{ body: unknown; response: Response }> {
    const url = `${this.#options.endpoint.replace(/\/+$/, '')}/${path}`;
    const timeout = this.#options.timeout ?? 30_000;
    const timer = AbortSignal.timeout(timeout);
    const signal = AbortSignal.any([init.signal, timer]);
    // The wait covers the headers too: a token refresh that never ends fails like a silent backend.
    // (A cancel rejects it too; the caller, seeing its own signal aborted, ignores the error.)
    const extra = await Promise.race([
      resolveHeaders(this.#options.headers),
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () =>
          reject(
            new QueueError(code, `authHeaders did not answer within ${timeout / 1000} s`, {
              retryable: true,
            }),
          ),
        ),
      ),
    ]);

    let response: Response;
    let body: unknown;
    try {
      response = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...init.headers, ...extra },
        credentials: this.#options.credentials ?? 'same-origin',
        cache: 'no-store',
        signal,
      });
      body = await response.json().catch((error: unknown) => {
        if (timer.aborted || init.signal.aborted) throw error;
        return null;
      });
    } catch (error) {
      if (timer.aborted) {
        throw new QueueError(
          'network-error',
          `The backend at ${url} did not answer within ${timeout / 1000} s`,
          { retryable: true, cause: error },
        );
      }
      // The browser does not say why (CORS refusal, nothing listening, no network), only that
      // no answer was readable.
      throw new QueueError('network-error', `Could not reach the backend at ${url}`, {
        retryable: true,
        unreachable: true,
        cause: error,
      });
    }

    if (!response.ok) {
      const said = (body as { error?: { message?: unknown } } | null)?.error?.message;
      const fromServer = typeof said === 'string' && said.length > 0;
      throw new QueueError(code, fromServer ? said : `The backend answered ${response.status}`, {
        retryable: isRetryableStatus(response.status),
        status: response.status,
        retryAfter: parseRetryAfter(response.headers.get('retry-after')),
        fromServer,
      });
    }
    return { body, response };
  }
}

async function resolveHeaders(source: HeadersSource | undefined): Promise<Record<string, string>> {
  if (!source) return {};
  return typeof source === 'function' ? await source() : source;
}

function isAuthParams(value: unknown): value is AuthParams {
  const params = value as Partial<AuthParams> | null;
  return (
    typeof params?.token === 'string' &&
    typeof params.signature === 'string' &&
    typeof params.expire === 'number'
  );
}
