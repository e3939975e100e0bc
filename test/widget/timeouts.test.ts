import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail, UploadErrorDetail } from '../../widget/events.ts';
import {
  delayAuth,
  delaySaves,
  fixtureFile,
  mountUploader,
  queueComplete,
  rowOf,
  serverStats,
  setUploadFaults,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

describe('<imagekit-uploader> timeouts', () => {
  let spy: AuthParamsSpy | undefined;

  afterEach(async () => {
    spy?.restore();
    await delaySaves(0);
    await delayAuth(0);
    await setUploadFaults({});
  });

  it(
    'gives up on a save the backend does not answer, ' + 'retries it, then fails the file',
    async () => {
      const el = await mountUploader({ viaProxy: true, attributes: { 'request-timeout': '300' } });
      await delaySaves(5000);
      const before = await serverStats();

      el.addFiles([await fixtureFile('rocket.jpg')]);
      const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
      await el.updateComplete;

      expect(error.code).to.equal('network-error');
      expect(rowOf(el, 'rocket.jpg').dataset.state).to.equal('failed');
      expect(el.checkValidity()).to.equal(true);
      const middle = await serverStats();
      expect(middle.uploads - before.uploads).to.equal(1);

      await delaySaves(0);
      const done = queueComplete(el);
      el.retryFile(el.files[0].id);
      expect(((await done) as QueueCompleteDetail).done).to.equal(1);
      expect((await serverStats()).uploads).to.equal(middle.uploads);
    },
  );

  it(
    'fails a file whose auth request the backend does not answer, ' + 'instead of waiting',
    async () => {
      const el = await mountUploader({ viaProxy: true, attributes: { 'request-timeout': '300' } });
      await delayAuth(5000);
      const before = await serverStats();

      el.addFiles([await fixtureFile('rocket.jpg')]);
      const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;

      expect(error.code).to.equal('network-error');
      expect(el.files[0]).to.include({ state: 'failed', attempts: 0 });
      // The first request and three retries, each given up after the timeout.
      await waitUntil(async () => (await serverStats()).authAbandoned - before.authAbandoned === 4);
    },
  );

  it('starts a stalled upload again with fresh params', async () => {
    spy = spyAuthParams();
    const el = await mountUploader({ attributes: { 'stall-timeout': '300' } });
    // The stand-in reads nothing of the next 4 uploads: sending stops once the socket buffers
    // are full, which a file larger than them makes sure of.
    await setUploadFaults({ stallNext: 4 });
    const big = new File([new Uint8Array(20 * 1024 * 1024)], 'big.bin');

    el.addFiles([big]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;

    expect(error.code).to.equal('network-error');
    expect(error.message).to.equal('The upload made no progress for 0.3 s');
    expect(error.file.attempts).to.equal(4);
    expect(error.file.loaded).to.be.below(big.size);
    expect(new Set(spy.batches.flatMap((batch) => batch.tokens)).size).to.equal(4);
  });

  it('waits for a slow answer once every byte is sent, without starting over', async () => {
    spy = spyAuthParams();
    const el = await mountUploader({ attributes: { 'stall-timeout': '300' } });
    // ImageKit takes longer to answer than the stall timeout, after the whole file arrived.
    await setUploadFaults({ latencyMs: 1500 });

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 1, failed: 0 });
    expect(el.files[0].attempts).to.equal(1);
    expect(spy.batches.flatMap((batch) => batch.tokens)).to.have.length(1);
  });

  it('fails a file whose authHeaders never answer, within the request timeout', async () => {
    const el = await mountUploader({ attributes: { 'request-timeout': '300' } });
    let calls = 0;
    el.authHeaders = () => {
      calls += 1;
      return new Promise<Record<string, string>>(() => undefined);
    };

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error.code).to.equal('auth-params-failed');
    expect(error.message).to.contain('authHeaders did not answer within 0.3 s');
    expect(el.files[0]).to.include({ state: 'failed', attempts: 0 });
    expect(rowOf(el, 'rocket.jpg').querySelector('[part~="retry-button"]')).to.not.equal(null);
    // The first try and the three automatic retries each asked for headers.
    expect(calls).to.equal(4);
  });

  it('fails a save whose authHeaders stop answering, and its retry saves it', async () => {
    const el = await mountUploader({ attributes: { 'request-timeout': '300' } });
    const working = el.authHeaders as () => Record<string, string>;
    let hang = false;
    el.authHeaders = () =>
      hang ? new Promise<Record<string, string>>(() => undefined) : working();
    el.addEventListener('iku-upload-start', () => (hang = true));
    const before = await serverStats();

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error.code).to.equal('save-failed');
    expect(error.file.uploaded?.fileId).to.be.a('string');
    expect(rowOf(el, 'rocket.jpg').dataset.state).to.equal('failed');

    hang = false;
    const done = queueComplete(el);
    el.retryFile(el.files[0].id);
    expect(((await done) as QueueCompleteDetail).done).to.equal(1);
    expect((await serverStats()).uploads - before.uploads).to.equal(1);
  });
});
