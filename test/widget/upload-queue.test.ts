import { expect } from '@open-wc/testing';
import { QueueError } from '../../widget/errors.ts';
import { UploadQueue } from '../../widget/upload-queue.ts';
import type { QueueCounts, QueueDeps, UploadRequest } from '../../widget/upload-queue.ts';
import type { AuthParamsBatch, FileRow, UploadResult } from '../../widget/types.ts';

interface FakeFile {
  name: string;
  size: number;
  type: string;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const serverError = () =>
  new QueueError('upload-server-error', 'ImageKit 500', { retryable: true, status: 500 });
const saveError = () =>
  new QueueError('save-failed', 'backend 503', { retryable: true, status: 503 });

/** Deps whose uploads and saves the test settles by hand; every token is unique. */
function harness(concurrency = 3) {
  let tokens = 0;
  /** Seconds until the next sets expire, as the backend would sign them. */
  let lifetime = 600;
  let online = true;
  const onlineWaiters: (() => void)[] = [];
  const authCounts: number[] = [];
  const uploads: { request: UploadRequest<FakeFile>; result: Deferred<UploadResult> }[] = [];
  const saves: Deferred<FileRow>[] = [];
  const completes: QueueCounts[] = [];

  const deps: QueueDeps<FakeFile> = {
    async fetchAuthParams(count): Promise<AuthParamsBatch> {
      authCounts.push(count);
      const params = Array.from({ length: count }, () => ({
        token: `t${++tokens}`,
        expire: Math.floor(Date.now() / 1000) + lifetime,
        signature: 's',
      }));
      return { publicKey: 'pk', uploadUrl: 'http://ik.test/upload', params };
    },
    upload(request) {
      const result = deferred<UploadResult>();
      uploads.push({ request, result });
      request.signal.addEventListener('abort', () => result.reject(new Error('aborted')));
      return result.promise;
    },
    save() {
      const row = deferred<FileRow>();
      saves.push(row);
      return row.promise;
    },
    isOnline: () => online,
    waitForOnline: () => new Promise<void>((resolve) => onlineWaiters.push(resolve)),
    sleep: async () => undefined,
  };

  const queue = new UploadQueue<FakeFile>(
    deps,
    { onComplete: (counts) => completes.push(counts) },
    { concurrency, retryDelay: 0 },
  );

  return {
    queue,
    authCounts,
    uploads,
    saves,
    completes,
    setLifetime: (seconds: number) => (lifetime = seconds),
    goOffline: () => (online = false),
    goOnline: () => {
      online = true;
      onlineWaiters.splice(0).forEach((resolve) => resolve());
    },
  };
}

const file = (name: string): FakeFile => ({ name, size: 100, type: 'image/jpeg' });
const uploaded = (fileId: string): UploadResult => ({ fileId, url: `http://ik.test/${fileId}` });
const row = (fileId: string) => ({ fileId, url: `http://ik.test/${fileId}` }) as FileRow;

describe('UploadQueue', () => {
  it('starts at most `concurrency` files, with one auth request for every queued file', async () => {
    const h = harness(2);

    h.queue.add([file('a'), file('b'), file('c')]);
    await tick();

    expect(h.authCounts).to.deep.equal([3]);
    expect(h.uploads.map((u) => u.request.file.name)).to.deep.equal(['a', 'b']);
    expect(h.queue.files.map((f) => f.state)).to.deep.equal(['uploading', 'uploading', 'queued']);
  });

  it('starts the next upload while the previous file is still saving', async () => {
    const h = harness(1);
    h.queue.add([file('a'), file('b')]);
    await tick();

    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();

    expect(h.saves).to.have.length(1);
    expect(h.uploads.map((u) => u.request.file.name)).to.deep.equal(['a', 'b']);
    expect(h.queue.files.map((f) => f.state)).to.deep.equal(['saving', 'uploading']);
    expect(h.authCounts).to.deep.equal([2]);
  });

  it('asks for ceil(N / 20) auth batches for N files and hands out every token once', async () => {
    const h = harness(4);
    h.queue.add(Array.from({ length: 50 }, (_, i) => file(`f${i}`)));

    for (let i = 0; i < 50; i++) {
      await tick();
      h.uploads[i].result.resolve(uploaded(`id${i}`));
      await tick();
      h.saves[i].resolve(row(`id${i}`));
    }
    await tick();

    const tokens = h.uploads.map((u) => u.request.grant.params.token);
    expect(h.authCounts).to.deep.equal([20, 20, 10]);
    expect(new Set(tokens).size).to.equal(50);
    expect(h.completes).to.deep.equal([{ done: 50, failed: 0, canceled: 0 }]);
  });

  it('drops prefetched auth params that expire within a minute instead of using them', async () => {
    const h = harness(1);
    h.setLifetime(30);
    h.queue.add([file('a'), file('b')]);
    await tick();

    expect(h.uploads).to.have.length(0);
    expect(h.queue.files[0].state).to.equal('failed');
    expect(h.queue.files[0].error?.code).to.equal('auth-params-failed');

    h.setLifetime(600);
    h.queue.retry(h.queue.files[0].id);
    await tick();
    expect(h.uploads).to.have.length(1);
    expect(h.uploads[0].request.grant.params.expire * 1000).to.be.above(Date.now() + 60_000);
  });

  it('keeps at most `saveConcurrency` saves in flight, beside the uploads', async () => {
    const h = harness(4);
    h.queue.saveConcurrency = 2;
    h.queue.add([file('a'), file('b'), file('c'), file('d')]);
    await tick();

    h.uploads.slice(0, 4).forEach((u, i) => u.result.resolve(uploaded(`id${i}`)));
    await tick();
    expect(h.saves).to.have.length(2);

    h.saves[0].resolve(row('id0'));
    await tick();
    expect(h.saves).to.have.length(3);
  });

  it('retries a 5xx with a fresh token at most three times, then fails with the code', async () => {
    const h = harness();
    h.queue.add([file('a')]);

    for (let attempt = 0; attempt < 4; attempt++) {
      await tick();
      h.uploads[attempt].result.reject(serverError());
    }
    await tick();

    const tokens = h.uploads.map((u) => u.request.grant.params.token);
    expect(new Set(tokens).size).to.equal(4);
    expect(h.queue.files[0]).to.include({ state: 'failed', attempts: 4 });
    expect(h.queue.files[0].error).to.include({ code: 'upload-server-error', status: 500 });
    expect(h.completes).to.deep.equal([{ done: 0, failed: 1, canceled: 0 }]);
  });

  it('does not retry a 4xx', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();

    h.uploads[0].result.reject(
      new QueueError('upload-rejected', 'bad', { retryable: false, status: 400 }),
    );
    await tick();

    expect(h.uploads).to.have.length(1);
    expect(h.queue.files[0].error?.code).to.equal('upload-rejected');
  });

  it('repeats only the save on a manual retry after the save failed', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();
    h.uploads[0].result.resolve(uploaded('fa'));
    for (let attempt = 0; attempt < 4; attempt++) {
      await tick();
      h.saves[attempt].reject(saveError());
    }
    await tick();
    expect(h.queue.files[0].error?.code).to.equal('save-failed');

    h.queue.retry(h.queue.files[0].id);
    await tick();
    h.saves[4].resolve(row('fa'));
    await tick();

    expect(h.uploads).to.have.length(1);
    expect(h.authCounts).to.deep.equal([1]);
    expect(h.queue.files[0]).to.include({ state: 'done' });
  });

  it('fetches fresh params on a manual retry after the upload failed', async () => {
    const h = harness();
    h.queue.maxAutoRetries = 0;
    h.queue.add([file('a')]);
    await tick();
    h.uploads[0].result.reject(serverError());
    await tick();

    h.queue.retry(h.queue.files[0].id);
    await tick();

    expect(h.authCounts).to.deep.equal([1, 1]);
    expect(h.uploads[1].request.grant.params.token).to.not.equal(
      h.uploads[0].request.grant.params.token,
    );
  });

  it('waits for the network when offline instead of spending retries', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();

    h.goOffline();
    for (let i = 0; i < 5; i++) {
      h.uploads[i].result.reject(new QueueError('network-error', 'down', { retryable: true }));
      await tick();
      expect(h.queue.files[0].waitingForNetwork).to.equal(true);
      h.goOnline();
      await tick();
      h.goOffline();
    }

    expect(h.queue.files[0]).to.include({ state: 'uploading', attempts: 6 });
  });

  it('aborts the upload on cancel and reports the file canceled', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();

    h.queue.cancel(h.queue.files[0].id);
    await tick();

    expect(h.uploads[0].request.signal.aborted).to.equal(true);
    expect(h.queue.files[0].state).to.equal('canceled');
    expect(h.completes).to.deep.equal([{ done: 0, failed: 0, canceled: 1 }]);
  });

  it('reports completion once per drained queue', async () => {
    const h = harness();
    h.queue.add([file('a'), file('b')]);
    await tick();

    h.uploads[0].result.resolve(uploaded('fa'));
    h.uploads[1].result.resolve(uploaded('fb'));
    await tick();
    h.saves[0].resolve(row('fa'));
    await tick();
    expect(h.completes).to.deep.equal([]);
    h.saves[1].resolve(row('fb'));
    await tick();

    expect(h.completes).to.deep.equal([{ done: 2, failed: 0, canceled: 0 }]);
  });
});
