import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail, UploadCancelDetail } from '../../widget/events.ts';
import {
  backendInfo,
  failNextSaves,
  fixtureFile,
  listFiles,
  mountUploader,
  queueComplete,
  recordEvents,
  rowOf,
  setUploadFaults,
} from './helpers.ts';

describe('<imagekit-uploader> cancel', () => {
  afterEach(async () => {
    await failNextSaves(0);
    await setUploadFaults({});
  });

  it('cancels a file mid-upload; it is reported canceled and never saved', async () => {
    // The stand-in holds its answer, so the request is still open when the user cancels.
    await setUploadFaults({ latencyMs: 1500 });
    const el = await mountUploader();
    const events = recordEvents(el);
    performance.clearResourceTimings();

    el.addFiles([await fixtureFile('rocket.jpg')]);
    await oneEvent(el, 'iku-upload-progress');
    await el.updateComplete;
    const done = queueComplete(el);
    const canceled = oneEvent(el, 'iku-upload-cancel');
    rowOf(el, 'rocket.jpg').querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();

    expect(((await canceled).detail as UploadCancelDetail).file.state).to.equal('canceled');
    expect((await done) as QueueCompleteDetail).to.include({ done: 0, failed: 0, canceled: 1 });
    await el.updateComplete;
    expect(rowOf(el, 'rocket.jpg').dataset.state).to.equal('canceled');

    // Past the stand-in's delay nothing more happens: no success, no row.
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(events.some((e) => e.type === 'iku-upload-success')).to.equal(false);
    expect(await listFiles(el)).to.deep.equal([]);
    // The request ended at the cancel, long before the stand-in would have answered it.
    const { uploadUrl } = await backendInfo();
    const requests = performance.getEntriesByName(uploadUrl);
    expect(requests).to.have.length(1);
    expect(requests[0].duration).to.be.below(1000);
  });

  it('cancels a queued file before it starts', async () => {
    await setUploadFaults({ latencyMs: 500 });
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '1' } });
    const [first, second] = el.addFiles([
      await fixtureFile('rocket.jpg'),
      await fixtureFile('chelsea.png'),
    ]);
    await el.updateComplete;
    await waitUntil(() => el.files[0].state === 'uploading');

    const done = queueComplete(el);
    el.cancelFile(second.id);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 1, canceled: 1 });
    expect(el.files.find((f) => f.id === first.id)?.state).to.equal('done');
    expect(el.files.find((f) => f.id === second.id)?.attempts).to.equal(0);
  });

  it('offers no cancel once ImageKit has the file, even while the save waits', async () => {
    const el = await mountUploader({ viaProxy: true });
    const events = recordEvents(el);
    // The proxy answers the save 503 with Retry-After: 1, so the retry waits a second.
    await failNextSaves(1);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0]?.state === 'saving' && el.files[0].retrying);
    await el.updateComplete;

    const row = rowOf(el, 'rocket.jpg');
    expect(row.querySelector('.state')?.textContent?.trim()).to.equal('Retrying');
    expect(row.querySelector('[part~="cancel-button"]')).to.equal(null);
    el.cancelFile(el.files[0].id);

    expect((await done) as QueueCompleteDetail).to.include({ done: 1, canceled: 0 });
    expect(events.some((e) => e.type === 'iku-upload-cancel')).to.equal(false);
    expect((await listFiles(el)).map((f) => f.fileId)).to.deep.equal([
      el.files[0].uploaded?.fileId,
    ]);
  });
});
