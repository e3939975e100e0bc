import { expect } from '@open-wc/testing';
import { QueueError } from '../../widget/errors.ts';
import { file, harness, row, saveError, serverError, tick, uploaded } from './queue-harness.ts';

describe('UploadQueue', () => {
  it(
    'starts at most `concurrency` files, ' + 'with one auth request for every queued file',
    async () => {
      const h = harness(2);

      h.queue.add([file('a'), file('b'), file('c')]);
      await tick();

      expect(h.authCounts).to.deep.equal([3]);
      expect(h.uploads.map((u) => u.request.file.name)).to.deep.equal(['a', 'b']);
      expect(h.queue.files.map((f) => f.state)).to.deep.equal(['uploading', 'uploading', 'queued']);
    },
  );

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

  it('keeps at most `saveConcurrency` saves in flight, beside the uploads', async () => {
    const h = harness(4);
    h.options.saveConcurrency = 2;
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
    h.options.maxAutoRetries = 0;
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

  it('gives the save retries of its own after the upload spent every retry', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    for (let attempt = 0; attempt < 3; attempt++) {
      await tick();
      h.uploads[attempt].result.reject(serverError());
    }
    await tick();
    h.uploads[3].result.resolve(uploaded('fa'));
    await tick();

    h.saves[0].reject(saveError());
    await tick();
    h.saves[1].resolve(row('fa'));
    await tick();

    expect(h.queue.files[0]).to.include({ state: 'done', attempts: 4 });
    expect(h.saves).to.have.length(2);
  });

  it('reads concurrency each time it starts files', async () => {
    const h = harness(3);
    h.options.concurrency = 1;
    h.queue.add([file('a'), file('b'), file('c')]);
    await tick();

    expect(h.uploads).to.have.length(1);
  });

  it('aborts the save request of a file removed while saving', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();
    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();

    h.queue.remove(h.queue.files[0].id);

    expect(h.saves[0].signal.aborted).to.equal(true);
  });

  it('reports no completion when the only file worked on was removed', async () => {
    const h = harness();
    h.queue.add([file('a')]);
    await tick();

    h.queue.remove(h.queue.files[0].id);
    await tick();

    expect(h.completes).to.deep.equal([]);
  });
});
