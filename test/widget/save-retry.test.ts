import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail, UploadErrorDetail } from '../../widget/events.ts';
import {
  delaySaves,
  failNextSaves,
  fixtureFile,
  listFiles,
  mountUploader,
  queueComplete,
  rowOf,
  serverStats,
  setUploadFaults,
  sleep,
} from './helpers.ts';

describe('<imagekit-uploader> save retries', () => {
  afterEach(async () => {
    await failNextSaves(0);
    await delaySaves(0);
    await setUploadFaults({});
  });

  it('retries a failed save alone, without uploading the file again', async () => {
    const el = await mountUploader({ viaProxy: true });
    const before = await serverStats();
    await failNextSaves(4);

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error).to.include({ code: 'save-failed', status: 503 });
    expect(error.file.uploaded?.fileId).to.be.a('string');
    const row = rowOf(el, 'rocket.jpg');
    expect(row.querySelector('.state')?.textContent?.trim()).to.equal(
      'Uploaded, but saving failed',
    );
    const middle = await serverStats();
    expect(middle.uploads - before.uploads).to.equal(1);
    expect(middle.savesFailed - before.savesFailed).to.equal(4);
    expect(await listFiles(el)).to.deep.equal([]);

    const done = queueComplete(el);
    row.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    const complete = (await done) as QueueCompleteDetail;

    const after = await serverStats();
    expect(complete).to.include({ done: 1, failed: 0 });
    expect(complete.rows[0].fileId).to.equal(error.file.uploaded?.fileId);
    expect(after.uploads).to.equal(middle.uploads);
    expect(after.savesForwarded - middle.savesForwarded).to.equal(1);
    expect((await listFiles(el)).map((f) => f.fileId)).to.deep.equal([complete.rows[0].fileId]);
  });

  it('retries one failed save by itself', async () => {
    const el = await mountUploader({ viaProxy: true });
    const before = await serverStats();
    await failNextSaves(1);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    const after = await serverStats();
    expect(complete).to.include({ done: 1, failed: 0 });
    expect(after.uploads - before.uploads).to.equal(1);
    expect(after.savesFailed - before.savesFailed).to.equal(1);
  });

  it('retries a failed save even after the upload used up its automatic retries', async () => {
    const el = await mountUploader({ viaProxy: true });
    await setUploadFaults({ failNext: 3 });
    await failNextSaves(1);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete).to.include({ done: 1, failed: 0 });
    expect(el.files[0].attempts).to.equal(4);
  });

  it('ends the save request of a file cleared while it saves', async () => {
    const el = await mountUploader({ viaProxy: true });
    await delaySaves(1000);
    const before = await serverStats();

    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0]?.state === 'saving', 'the file should reach saving', {
      timeout: 5000,
    });
    // The save request leaves a moment after the state; on a busy machine it may not have reached
    // the proxy yet, which then has nothing to abandon. The proxy holds it for a second.
    await sleep(300);
    el.clear();
    await sleep(1200);

    const after = await serverStats();
    expect(after.savesAbandoned - before.savesAbandoned).to.equal(1);
    expect(after.savesForwarded).to.equal(before.savesForwarded);
    expect(await listFiles(el)).to.deep.equal([]);
  });
});
