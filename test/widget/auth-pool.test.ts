import { expect } from '@open-wc/testing';
import { authError, file, harness, row, tick, uploaded } from './queue-harness.ts';

describe('AuthPool, through the queue', () => {
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

  it('uses sets that live only 60 seconds (the shortest lifetimes a backend signs)', async () => {
    const h = harness(1);
    h.setLifetime(60);
    h.queue.add([file('a'), file('b')]);
    await tick();
    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();

    expect(h.authCounts).to.deep.equal([2]);
    expect(h.uploads.map((u) => u.request.file.name)).to.deep.equal(['a', 'b']);
    expect(h.queue.files.map((f) => f.state)).to.deep.equal(['saving', 'uploading']);
  });

  it("judges expiry by the backend's clock when the browser's runs 15 minutes fast", async () => {
    const h = harness(1);
    h.setSkew(15 * 60_000, true);
    h.queue.add([file('a'), file('b')]);
    await tick();
    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();

    expect(h.authCounts).to.deep.equal([2]);
    expect(h.uploads).to.have.length(2);
  });

  it(
    "uses a fresh batch when the browser's clock runs 15 minutes fast " +
      "and the backend's time is unknown",
    async () => {
      const h = harness(1);
      h.setSkew(15 * 60_000, false);
      h.queue.add([file('a')]);
      await tick();

      expect(h.uploads).to.have.length(1);
      expect(h.queue.files[0].state).to.equal('uploading');
    },
  );

  it('drops a pooled set once half of its lifetime has passed since it arrived', async () => {
    const h = harness(1);
    h.setLifetime(60);
    h.queue.add([file('a'), file('b'), file('c')]);
    await tick();

    h.clock.ms = 29_000;
    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();
    expect(h.authCounts).to.deep.equal([3]);

    h.clock.ms = 31_000;
    h.uploads[1].result.resolve(uploaded('fb'));
    await tick();
    expect(h.authCounts).to.deep.equal([3, 1]);
    expect(h.uploads.map((u) => u.request.grant.params.token)).to.deep.equal(['t1', 't2', 't4']);
  });

  it('saves a file at the backend that signed its upload after the backend changed', async () => {
    const h = harness(1);
    h.queue.add([file('a')]);
    await tick();

    h.setBackend('two');
    h.queue.add([file('b')]);
    h.uploads[0].result.resolve(uploaded('fa'));
    await tick();
    h.uploads[1].result.resolve(uploaded('fb'));
    await tick();

    expect(h.saves.map((save) => save.backend)).to.deep.equal(['one', 'two']);
    expect(h.authCounts).to.deep.equal([1, 1]);
  });

  it('retries a failed auth request itself, asking for the whole batch again', async () => {
    const h = harness();
    h.failAuth(authError(503), authError(503));
    h.queue.add([file('a'), file('b'), file('c')]);
    await tick();

    expect(h.authCounts).to.deep.equal([3, 3, 3]);
    expect(h.queue.files.map((f) => f.state)).to.deep.equal([
      'uploading',
      'uploading',
      'uploading',
    ]);
    expect(h.queue.files.map((f) => f.attempts)).to.deep.equal([1, 1, 1]);
  });

  it('waits at least the Retry-After of a 429 before asking again', async () => {
    const h = harness();
    h.failAuth(authError(429, 2000));
    h.queue.add([file('a')]);
    await tick();

    expect(h.sleeps).to.deep.equal([2000]);
    expect(h.uploads).to.have.length(1);
  });

  it('fails the waiting files once the auth retries are spent, without retrying each', async () => {
    const h = harness();
    h.failAuth(authError(503), authError(503), authError(503), authError(503));
    h.queue.add([file('a'), file('b')]);
    await tick();

    expect(h.authCounts).to.deep.equal([2, 2, 2, 2]);
    expect(h.queue.files.map((f) => f.state)).to.deep.equal(['failed', 'failed']);
    expect(h.queue.files[0].error).to.include({ code: 'auth-params-failed', status: 503 });
    expect(h.completes).to.deep.equal([{ done: 0, failed: 2, canceled: 0 }]);
  });
});
