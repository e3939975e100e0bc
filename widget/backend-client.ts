/**
 * Requests to the site's backend: batched auth params and the save. Headers (a bearer token)
 * or credentials (cookies) come from the element's properties.
 * @module
 */

import { QueueError, isRetryableStatus } from './errors.ts';
import type { AuthParams, AuthParamsBatch, FileRow, UploadResult } from './types.ts';
import type { UploaderErrorCode } from './types.ts';

/** Extra request headers, or a function returning them (called before every request). */
export type HeadersSource =
  Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface BackendClientOptions {
  endpoint: string;
  headers?: HeadersSource;
  credentials?: RequestCredentials;
}

/** The backend's batch limit for `count`. */
export const MAX_AUTH_BATCH = 20;

export class BackendClient {
  constructor(private readonly options: BackendClientOptions) {}

  /** Fetches `count` fresh single-use sets; the caller starts exactly that many uploads. */
  async fetchAuthParams(count: number): Promise<AuthParamsBatch> {
    const body = await this.request('auth-params-failed', `generate-auth-params?count=${count}`, {
      method: 'GET',
    });

    const batch = body as Partial<AuthParamsBatch>;
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
    return { publicKey: batch.publicKey, uploadUrl: batch.uploadUrl, params: batch.params };
  }

  /** Records an upload ImageKit accepted; resolves with the saved row. */
  async save(result: UploadResult): Promise<FileRow> {
    const body = await this.request('save-failed', 'save-metadata', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result),
    });

    const file = (body as { file?: FileRow }).file;
    if (!file || typeof file.fileId !== 'string' || typeof file.url !== 'string') {
      throw new QueueError('save-failed', 'The backend answered the save without a file', {
        retryable: false,
      });
    }
    return file;
  }

  private async request(
    code: UploaderErrorCode,
    path: string,
    init: RequestInit,
  ): Promise<unknown> {
    const url = `${this.options.endpoint.replace(/\/+$/, '')}/${path}`;
    const extra = await resolveHeaders(this.options.headers);

    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...init.headers, ...extra },
        credentials: this.options.credentials ?? 'same-origin',
        cache: 'no-store',
      });
    } catch (error) {
      throw new QueueError('network-error', `Could not reach the backend at ${url}`, {
        retryable: true,
        cause: error,
      });
    }

    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message =
        (body as { error?: { message?: string } } | null)?.error?.message ??
        `The backend answered ${response.status}`;
      throw new QueueError(code, message, {
        retryable: isRetryableStatus(response.status),
        status: response.status,
      });
    }
    return body;
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
