import { expect, oneEvent } from '@open-wc/testing';
import type { QueueCompleteDetail, UploadErrorDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  recordEvents,
  rowOf,
  serverStats,
  setUploadFaults,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

describe('<imagekit-uploader> upload retries', () => {
  let spy: AuthParamsSpy | undefined;

  afterEach(async () => {
    spy?.restore();
    await setUploadFaults({});
  });

  it('retries a failed attempt by itself with a new token', async () => {
    spy = spyAuthParams();
    const el = await mountUploader();
    const events = recordEvents(el);
    const before = await serverStats();
    await setUploadFaults({ failNext: 1 });

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    const after = await serverStats();
    expect(complete).to.include({ done: 1, failed: 0 });
    expect(after.faultsInjected - before.faultsInjected).to.equal(1);
    expect(after.uploads - before.uploads).to.equal(1);
    expect(after.tokenReuseAttempts).to.equal(before.tokenReuseAttempts);

    const tokens = spy.batches.flatMap((batch) => batch.tokens);
    expect(tokens).to.have.length(2);
    expect(tokens[0]).to.not.equal(tokens[1]);
    const attempts = events
      .filter((e) => e.type === 'iku-upload-start')
      .map((e) => (e.detail as { attempt: number }).attempt);
    expect(attempts).to.deep.equal([1, 2]);
  });

  it(
    'fails after three automatic retries, ' + 'then a manual retry uploads with fresh params',
    async () => {
      spy = spyAuthParams();
      const el = await mountUploader();
      await setUploadFaults({ failNext: 4 });

      el.addFiles([await fixtureFile('rocket.jpg')]);
      const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
      await el.updateComplete;

      expect(error).to.include({ code: 'upload-server-error', status: 500 });
      expect(error.file.attempts).to.equal(4);
      expect(rowOf(el, 'rocket.jpg').dataset.state).to.equal('failed');

      const done = queueComplete(el);
      rowOf(el, 'rocket.jpg').querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      const complete = (await done) as QueueCompleteDetail;

      expect(complete).to.include({ done: 1, failed: 0 });
      const tokens = spy.batches.flatMap((batch) => batch.tokens);
      expect(new Set(tokens).size).to.equal(5);
    },
  );

  it('does not retry an upload ImageKit refused with a 4xx', async () => {
    const el = await mountUploader();
    // Over the stand-in's 25 MB limit: ImageKit answers 400.
    const huge = new File([new Uint8Array(26 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' });

    el.addFiles([huge]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;

    expect(error).to.include({ code: 'upload-rejected', status: 400 });
    expect(error.file.attempts).to.equal(1);
  });
});
