/**
 * One upload attempt through `@imagekit/javascript`'s `upload()`. The SDK always opens its own
 * fixed URL but accepts a caller's XMLHttpRequest, so ours redirects `open` to the upload URL
 * the backend named (the real ImageKit or the local stand-in). The SDK's typed errors become
 * QueueErrors with a string-union code.
 * @module
 */

import {
  ImageKitAbortError,
  ImageKitInvalidRequestError,
  ImageKitServerError,
  ImageKitUploadNetworkError,
  upload,
} from '@imagekit/javascript';
import { QueueError, isRetryableStatus, messageOf } from './errors.ts';
import type { UploadResult } from './types.ts';
import type { UploadRequest } from './upload-queue.ts';

/** ImageKit's answer to a token it has seen before. */
const TOKEN_REUSED = /token .* has been used before/i;

/** Abort reasons of an attempt the transport ended itself (not the user). */
const OFFLINE = 'offline';
const STALLED = 'stalled';

export interface TransportOptions {
  folder?: string;
  tags?: string[];
  /**
   * Ends an attempt that sent nothing for this long, in ms. Once every byte is sent, the answer
   * gets at least 2 minutes: ImageKit may take its time over a large file.
   */
  stallTimeout?: number;
}

/** An XHR whose `open` ignores the SDK's URL and targets `uploadUrl`. */
export function routedXhr(uploadUrl: string): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  const open = XMLHttpRequest.prototype.open;
  xhr.open = ((method: string) =>
    open.call(xhr, method, uploadUrl, true)) as XMLHttpRequest['open'];
  return xhr;
}

export async function uploadFile(
  request: UploadRequest<File>,
  options: TransportOptions = {},
): Promise<UploadResult> {
  const { file, grant, signal, onProgress } = request;
  const xhr = routedXhr(grant.uploadUrl);

  // A request open when the browser goes offline may hang instead of failing; end the attempt
  // so the queue waits for `online` and starts over with fresh params. A cancel ends it too.
  const attempt = new AbortController();
  const onCancel = () => attempt.abort(signal.reason);
  const onOffline = () => attempt.abort(OFFLINE);
  signal.addEventListener('abort', onCancel);
  window.addEventListener('offline', onOffline);
  if (signal.aborted) onCancel();

  // A connection can hang without failing; the queue then retries with fresh params.
  const stallTimeout = options.stallTimeout ?? 60_000;
  let stall: ReturnType<typeof setTimeout> | undefined;
  let waited = stallTimeout;
  const watch = (wait = stallTimeout) => {
    clearTimeout(stall);
    waited = wait;
    stall = setTimeout(() => attempt.abort(STALLED), wait);
  };
  watch();

  try {
    const response = await upload({
      file,
      fileName: file.name,
      publicKey: grant.publicKey,
      token: grant.params.token,
      signature: grant.params.signature,
      expire: grant.params.expire,
      ...(options.folder ? { folder: options.folder } : {}),
      ...(options.tags && options.tags.length > 0 ? { tags: options.tags } : {}),
      xhr,
      abortSignal: attempt.signal,
      onProgress: (event) => {
        watch(event.loaded < event.total ? stallTimeout : Math.max(stallTimeout, 12e4));
        onProgress(event.loaded, event.total);
      },
    });

    const result = { ...response } as Partial<UploadResult>;
    if (typeof result.fileId !== 'string' || typeof result.url !== 'string') {
      throw new QueueError('upload-server-error', 'ImageKit answered without fileId and url', {
        retryable: true,
        status: xhr.status,
      });
    }
    return result as UploadResult;
  } catch (error) {
    throw translate(error, xhr.status, waited);
  } finally {
    clearTimeout(stall);
    signal.removeEventListener('abort', onCancel);
    window.removeEventListener('offline', onOffline);
  }
}

function translate(error: unknown, xhrStatus: number, waited: number): QueueError {
  if (error instanceof QueueError) return error;

  if (
    error instanceof ImageKitAbortError &&
    (error.reason === OFFLINE || error.reason === STALLED)
  ) {
    const message =
      error.reason === OFFLINE
        ? 'The browser went offline'
        : `The upload made no progress for ${waited / 1000} s`;
    return new QueueError('network-error', message, { retryable: true, cause: error });
  }
  if (error instanceof ImageKitAbortError) {
    return new QueueError('unknown', 'The upload was canceled', { retryable: false, cause: error });
  }
  if (error instanceof ImageKitInvalidRequestError) {
    const status = error.$ResponseMetadata?.statusCode;
    // The queue never sends a token twice, so a "used before" answer means the browser itself
    // resent a request whose connection broke (browsers do so on a reused keep-alive socket).
    // The file was not refused: another attempt with fresh params can succeed.
    if (TOKEN_REUSED.test(error.message)) {
      return new QueueError('network-error', error.message, {
        retryable: true,
        status,
        cause: error,
      });
    }
    return new QueueError('upload-rejected', error.message, {
      retryable: false,
      status,
      fromServer: true,
      cause: error,
    });
  }
  if (error instanceof ImageKitServerError) {
    const status = error.$ResponseMetadata?.statusCode;
    return new QueueError('upload-server-error', error.message, {
      retryable: true,
      status,
      fromServer: true,
      cause: error,
    });
  }
  if (error instanceof ImageKitUploadNetworkError) {
    return new QueueError('network-error', error.message, { retryable: true, cause: error });
  }

  // The SDK rethrows a JSON parse failure as is; the status still tells what happened.
  const message = messageOf(error);
  if (xhrStatus >= 400) {
    return new QueueError(
      isRetryableStatus(xhrStatus) ? 'upload-server-error' : 'upload-rejected',
      message,
      { retryable: isRetryableStatus(xhrStatus), status: xhrStatus, cause: error },
    );
  }
  return new QueueError('upload-server-error', message, { retryable: true, cause: error });
}
