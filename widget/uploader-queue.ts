/**
 * The element's upload queue: its settings are read when they are needed, so
 * `el.concurrency = 1; el.addFiles(files)` already uploads one at a time; each auth request gets
 * a backend client of its own, which the files it signed keep for their saves; and what the queue
 * reports about single files becomes the element's events.
 * @module
 */

import { BackendClient, MAX_AUTH_BATCH } from './backend-client.ts';
import type { HeadersSource } from './backend-client.ts';
import { abortableSleep, waitForOnline } from './browser-waits.ts';
import { createUploaderEvent } from './events.ts';
import type { UploaderEventDetails, UploaderEventName } from './events.ts';
import { uploadFile } from './transport.ts';
import { UploadQueue } from './upload-queue.ts';
import type { QueueHooks } from './upload-queue.ts';

/** The element: the properties the queue reads, and where its events go. */
export interface QueueHost extends EventTarget {
  readonly endpoint: string;
  readonly credentials: RequestCredentials;
  readonly authHeaders?: HeadersSource;
  readonly folder: string;
  readonly tags: string;
  // Unset (or null, when a page sets it so) means the default.
  readonly concurrency?: number | null;
  readonly retryDelay?: number | null;
  readonly requestTimeout?: number | null;
  readonly stallTimeout?: number | null;
}

/** A whole number of uploads from 1 to the backend's batch limit; 3 for anything unreadable. */
export function clampConcurrency(value: number | null | undefined): number {
  const whole = Math.floor(value ?? NaN);
  return Number.isFinite(whole) ? Math.min(MAX_AUTH_BATCH, Math.max(1, whole)) : 3;
}

const positive = (value: number | null | undefined, fallback: number) =>
  value! > 0 ? value! : fallback;

function tagList(tags: string): string[] {
  return tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

export function createQueue(
  host: QueueHost,
  hooks: Pick<QueueHooks, 'onComplete' | 'onChange'>,
): UploadQueue<File> {
  const emit = <K extends UploaderEventName>(name: K, detail: UploaderEventDetails[K]) =>
    host.dispatchEvent(createUploaderEvent(name, detail));
  const client = () =>
    new BackendClient({
      endpoint: host.endpoint,
      headers: host.authHeaders,
      credentials: host.credentials,
      timeout: positive(host.requestTimeout, 30_000),
    });

  return new UploadQueue<File>(
    {
      fetchAuthParams: (count, signal) => client().fetchAuthParams(count, signal),
      upload: (request) =>
        uploadFile(request, {
          folder: host.folder,
          tags: tagList(host.tags),
          stallTimeout: positive(host.stallTimeout, 60_000),
        }),
      isOnline: () => navigator.onLine,
      waitForOnline,
      sleep: abortableSleep,
      // Prefetched sets belong to one backend and one way of signing in. A new `authHeaders`
      // function (frameworks make one per render) is no reason to throw them away, and a set
      // is not tied to a user: it authorises one upload, whose save carries the current headers.
      authKey: () => `${host.endpoint} ${host.credentials}`,
    },
    {
      ...hooks,
      onState: (file, previous) => emit('iku-upload-state', { file, state: file.state, previous }),
      onStart: (file) => emit('iku-upload-start', { file, attempt: file.attempts }),
      onProgress: (file) =>
        emit('iku-upload-progress', { file, loaded: file.loaded, total: file.size }),
      onSuccess: (file, row) => emit('iku-upload-success', { file, row }),
      onError: (file) => {
        if (!file.error) return;
        const { code, message, status } = file.error;
        emit('iku-upload-error', { file, code, message, ...(status ? { status } : {}) });
      },
      onCancel: (file) => emit('iku-upload-cancel', { file }),
    },
    {
      get concurrency() {
        return clampConcurrency(host.concurrency);
      },
      get retryDelay() {
        return Math.max(0, host.retryDelay ?? 1000) || 0;
      },
    },
  );
}
