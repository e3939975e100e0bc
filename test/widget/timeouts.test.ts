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
    // The stand-in holds every answer far longer than the stall timeout.
    await setUploadFaults({ latencyMs: 1500 });
    const before = await serverStats();

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;

    expect(error.code).to.equal('network-error');
    expect(error.message).to.contain('no progress');
    expect(error.file.attempts).to.equal(4);
    expect(new Set(spy.batches.flatMap((batch) => batch.tokens)).size).to.equal(4);
    // The stand-in finishes each abandoned upload after its latency; later tests count uploads.
    await waitUntil(
      async () => (await serverStats()).uploads - before.uploads === 4,
      'the stand-in should finish the abandoned uploads',
      { timeout: 5000 },
    );
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
