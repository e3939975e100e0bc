// A queue whose every dependency the test settles by hand: auth batches, uploads and saves are
// deferred promises, the clock is a number, and the network is a switch.
import { QueueError } from '../../widget/errors.ts';
import { UploadQueue } from '../../widget/upload-queue.ts';
import type { AuthBatch, QueueCounts, QueueDeps, QueueOptions } from '../../widget/upload-queue.ts';
import type { UploadRequest } from '../../widget/upload-queue.ts';
import type { FileRow, UploadResult } from '../../widget/types.ts';

export interface FakeFile {
  name: string;
  size: number;
  type: string;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

export const serverError = () =>
  new QueueError('upload-server-error', 'ImageKit 500', { retryable: true, status: 500 });
export const authError = (status: number, retryAfter?: number) =>
  new QueueError('auth-params-failed', `backend ${status}`, {
    retryable: true,
    status,
    retryAfter,
  });
export const saveError = () =>
  new QueueError('save-failed', 'backend 503', { retryable: true, status: 503 });

/** Deps whose uploads, saves and auth requests the test settles by hand; tokens are unique. */
export function harness(concurrency = 3) {
  let tokens = 0;
  /** Seconds until the next sets expire, as the backend would sign them. */
  let lifetime = 600;
  /** How far the browser's clock runs ahead of the backend's, in ms. */
  let skew = 0;
  /** Whether batches carry the backend's time (a readable Date header). */
  let sendServerTime = false;
  let backendName = 'one';
  let authFailures: QueueError[] = [];
  let online = true;
  const clock = { ms: 0 };
  const onlineWaiters: (() => void)[] = [];
  const authCounts: number[] = [];
  const uploads: { request: UploadRequest<FakeFile>; result: Deferred<UploadResult> }[] = [];
  const saves: (Deferred<FileRow> & { backend: string; signal: AbortSignal })[] = [];
  const sleeps: number[] = [];
  const completes: QueueCounts[] = [];
  const options: { -readonly [K in keyof QueueOptions]: QueueOptions[K] } = {
    concurrency,
    retryDelay: 0,
  };

  const deps: QueueDeps<FakeFile> = {
    async fetchAuthParams(count): Promise<AuthBatch> {
      authCounts.push(count);
      const failure = authFailures.shift();
      if (failure) throw failure;

      const serverTime = Date.now() - skew;
      const params = Array.from({ length: count }, () => ({
        token: `t${++tokens}`,
        expire: Math.floor(serverTime / 1000) + lifetime,
        signature: 's',
      }));
      const name = backendName;
      const backend = {
        save(_result: UploadResult, signal: AbortSignal) {
          const saved = Object.assign(deferred<FileRow>(), { backend: name, signal });
          saves.push(saved);
          return saved.promise;
        },
      };
      return {
        publicKey: 'pk',
        uploadUrl: 'http://ik.test/upload',
        params,
        backend,
        ...(sendServerTime ? { serverTime } : {}),
      };
    },
    upload(request) {
      const result = deferred<UploadResult>();
      uploads.push({ request, result });
      request.signal.addEventListener('abort', () => result.reject(new Error('aborted')));
      return result.promise;
    },
    isOnline: () => online,
    waitForOnline: () => new Promise<void>((resolve) => onlineWaiters.push(resolve)),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    authKey: () => backendName,
    now: () => clock.ms,
  };

  const queue = new UploadQueue<FakeFile>(
    deps,
    { onComplete: (counts) => completes.push(counts) },
    options,
  );

  return {
    queue,
    options,
    clock,
    authCounts,
    uploads,
    saves,
    sleeps,
    completes,
    setLifetime: (seconds: number) => (lifetime = seconds),
    setSkew: (ms: number, withServerTime: boolean) => {
      skew = ms;
      sendServerTime = withServerTime;
    },
    setBackend: (name: string) => (backendName = name),
    failAuth: (...errors: QueueError[]) => (authFailures = errors),
    goOffline: () => (online = false),
    goOnline: () => {
      online = true;
      onlineWaiters.splice(0).forEach((resolve) => resolve());
    },
  };
}

export const file = (name: string): FakeFile => ({ name, size: 100, type: 'image/jpeg' });
export const uploaded = (fileId: string): UploadResult => ({
  fileId,
  url: `http://ik.test/${fileId}`,
});
export const row = (fileId: string) => ({ fileId, url: `http://ik.test/${fileId}` }) as FileRow;
