import { expect } from '@open-wc/testing';
import { clampConcurrency } from '../../widget/uploader-queue.ts';
import { fixtureFile, mountUploader, queueComplete } from './helpers.ts';

/** States that hold an upload slot. */
const UPLOADING = ['authorizing', 'uploading'];

describe('<imagekit-uploader> settings', () => {
  it('makes concurrency a whole number from 1 to 20', () => {
    expect([0, 2.5, -3, 100, Number.NaN].map(clampConcurrency)).to.deep.equal([1, 2, 1, 20, 3]);
  });

  it('uses a concurrency set just before addFiles', async () => {
    const el = await mountUploader({ attributes: { multiple: true } });
    let most = 0;
    el.addEventListener('iku-upload-state', () => {
      most = Math.max(most, el.files.filter((file) => UPLOADING.includes(file.state)).length);
    });

    el.concurrency = 1;
    const done = queueComplete(el);
    el.addFiles(await Promise.all(['rocket.jpg', 'coffee.png', 'chelsea.png'].map(fixtureFile)));
    await done;

    expect(most).to.equal(1);
  });
});
