import { expect } from '@open-wc/testing';
import type { FileRow } from '../../widget/types.ts';
import type { QueueCompleteDetail, UploadProgressDetail } from '../../widget/events.ts';
import { fixtureFile, mountUploader, queueComplete, recordEvents, rowOf } from './helpers.ts';

describe('<imagekit-uploader> one file', () => {
  it('uploads rocket.jpg end to end, reporting progress, and saves its row', async () => {
    const el = await mountUploader();
    const events = recordEvents(el);
    const file = await fixtureFile('rocket.jpg');

    const done = queueComplete(el);
    el.addFiles([file]);
    const complete = (await done) as QueueCompleteDetail;

    const progress = events.filter((e) => e.type === 'iku-upload-progress');
    expect(progress.length).to.be.greaterThan(0);
    const last = progress[progress.length - 1].detail as UploadProgressDetail;
    expect(last.loaded).to.equal(file.size);
    expect(last.total).to.equal(file.size);

    const row = complete.rows[0] as FileRow;
    expect(complete).to.include({ done: 1, failed: 0, canceled: 0 });
    expect(row.size).to.equal(file.size);
    expect(row.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(el.value.map((r) => r.fileId)).to.deep.equal([row.fileId]);

    const delivered = await fetch(row.url);
    expect(delivered.status).to.equal(200);
    expect((await delivered.blob()).size).to.equal(file.size);
  });

  it("shows the saved state and ImageKit's resized thumbnail", async () => {
    const el = await mountUploader();
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;
    await el.updateComplete;

    const row = rowOf(el, 'rocket.jpg');
    expect(row.dataset.state).to.equal('done');
    expect(row.querySelector('.state')?.textContent?.trim()).to.equal('Saved');

    const img = row.querySelector('img');
    expect(img?.getAttribute('src')).to.equal(`${el.value[0].url}?tr=w-160,h-160,c-at_max`);
  });

  it('fires start, progress, success and queue-complete in that order', async () => {
    const el = await mountUploader();
    const events = recordEvents(el);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    const order = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(order).to.deep.equal([
      'iku-upload-start',
      'iku-upload-progress',
      'iku-upload-success',
      'iku-queue-complete',
    ]);
  });
});
