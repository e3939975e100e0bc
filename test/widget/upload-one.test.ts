import { expect, waitUntil } from '@open-wc/testing';
import type { FileRow } from '../../widget/types.ts';
import type { QueueCompleteDetail, UploadProgressDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  recordEvents,
  rowOf,
  sleep,
} from './helpers.ts';

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

    const thumbnail = `${el.value[0].url}?tr=w-160,h-160,c-at_max`;
    await waitUntil(
      () => row.querySelector('img')?.getAttribute('src') === thumbnail,
      'the thumbnail should show',
    );
    expect(row.querySelector('img')!.naturalWidth).to.be.above(0);
  });

  it('fires start, progress, success and queue-complete in that order', async () => {
    const el = await mountUploader();
    const events = recordEvents(el);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    const order = events
      .map((e) => e.type)
      .filter((t) => t !== 'iku-upload-state')
      .filter((t, i, all) => t !== all[i - 1]);
    expect(order).to.deep.equal([
      'iku-upload-start',
      'iku-upload-progress',
      'iku-upload-success',
      'iku-queue-complete',
    ]);
  });

  it('uploads into the folder and with the tags the attributes name', async () => {
    const el = await mountUploader({
      attributes: { folder: '/widget-tests/folders', tags: 'alpha, beta' },
    });

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    const complete = (await done) as QueueCompleteDetail;

    expect(complete.rows[0].filePath).to.match(/^\/widget-tests\/folders\/rocket[^/]*\.jpg$/);
    expect(complete.rows[0].tags).to.deep.equal(['alpha', 'beta']);
  });

  it('shows texts from the strings property, units included', async () => {
    const el = await mountUploader();
    el.strings = { state_done: 'Gespeichert', size_KB: '{size} KiB' };

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;
    await el.updateComplete;

    const detail = rowOf(el, 'rocket.jpg').querySelector('.detail')?.textContent;
    expect(detail).to.match(/^\d+ KiB · Gespeichert$/);
  });

  it('shows the file icon when ImageKit cannot draw the thumbnail (HEIC)', async () => {
    const el = await mountUploader();

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('photo.heic')]);
    await done;
    const thumbnail = `${el.value[0].url}?tr=`;
    // Resource Timing lists the thumbnail request once its answer has come.
    await waitUntil(
      () => performance.getEntriesByType('resource').some((e) => e.name.startsWith(thumbnail)),
      'the thumbnail should be asked for',
      { timeout: 5000 },
    );
    await sleep(100);
    await el.updateComplete;

    const row = rowOf(el, 'photo.heic');
    expect(row.querySelector('img')).to.equal(null);
    expect(row.querySelector('span.thumbnail svg')).to.not.equal(null);
  });
});
