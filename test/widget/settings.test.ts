import { expect } from '@open-wc/testing';
import { clampConcurrency } from '../../widget/uploader-queue.ts';
import {
  delayAuth,
  fixtureFile,
  mountUploader,
  queueComplete,
  rowOf,
  setUploadFaults,
  shadow,
} from './helpers.ts';

/** States that hold an upload slot. */
const UPLOADING = ['authorizing', 'uploading'];

describe('<imagekit-uploader> settings', () => {
  afterEach(async () => {
    await delayAuth(0);
    await setUploadFaults({});
  });

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

  for (const value of [null, '', '0', '-5']) {
    const how = value === null ? 'removed' : `"${value}"`;

    it(`puts no size limit when max-file-size is ${how}`, async () => {
      const el = await mountUploader({ attributes: { 'max-file-size': '1000' } });
      if (value === null) el.removeAttribute('max-file-size');
      else el.setAttribute('max-file-size', value);
      await el.updateComplete;

      const done = queueComplete(el);
      el.addFiles([await fixtureFile('rocket.jpg')]);
      expect(el.files.map((file) => file.error?.message)).to.deep.equal([undefined]);

      expect(await done).to.include({ done: 1, failed: 0 });
      expect(shadow(el).querySelector('.hint')?.textContent).to.equal('Any file type');
    });

    it(`puts no count limit when max-files is ${how}`, async () => {
      const el = await mountUploader({ attributes: { multiple: true, 'max-files': '1' } });
      if (value === null) el.removeAttribute('max-files');
      else el.setAttribute('max-files', value);
      await el.updateComplete;

      const done = queueComplete(el);
      el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('chelsea.png')]);
      expect(el.files.map((file) => file.error?.message)).to.deep.equal([undefined, undefined]);

      expect(await done).to.include({ done: 2, failed: 0 });
      expect(shadow(el).querySelector('.hint')?.textContent).to.equal('Any file type');
    });
  }

  it('still holds one file without multiple when max-files is removed', async () => {
    const el = await mountUploader({ attributes: { 'max-files': '3' } });
    el.removeAttribute('max-files');
    await el.updateComplete;

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('chelsea.png')]);
    await done;
    await el.updateComplete;

    expect(el.files.map((file) => file.state)).to.deep.equal(['done', 'failed']);
    expect(rowOf(el, 'chelsea.png').querySelector('.state')?.textContent).to.equal(
      'Too many files (at most 1)',
    );
  });

  for (const value of [null, '']) {
    it(
      `runs 3 uploads at once ` + `when concurrency is ${value === null ? 'removed' : 'blank'}`,
      async () => {
        const el = await mountUploader({ attributes: { multiple: true, concurrency: '1' } });
        if (value === null) el.removeAttribute('concurrency');
        else el.setAttribute('concurrency', value);
        await el.updateComplete;
        let most = 0;
        el.addEventListener('iku-upload-state', () => {
          most = Math.max(most, el.files.filter((file) => UPLOADING.includes(file.state)).length);
        });

        const done = queueComplete(el);
        el.addFiles(
          await Promise.all(
            ['rocket.jpg', 'coffee.png', 'chelsea.png', 'astronaut.png'].map(fixtureFile),
          ),
        );
        await done;

        expect(most).to.equal(3);
      },
    );
  }

  it('waits about a second before an automatic retry when retry-delay is removed', async () => {
    const el = await mountUploader();
    el.removeAttribute('retry-delay');
    await el.updateComplete;
    await setUploadFaults({ failNext: 1 });
    const starts: number[] = [];
    el.addEventListener('iku-upload-start', () => starts.push(performance.now()));

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    // The default first delay is 1000 ms with ±25 % jitter; the attempt itself takes some time.
    expect(starts).to.have.length(2);
    expect(starts[1] - starts[0]).to.be.above(750);
  });

  it('keeps the 30 s request timeout when request-timeout is removed', async () => {
    const el = await mountUploader({ viaProxy: true, attributes: { 'request-timeout': '200' } });
    el.removeAttribute('request-timeout');
    await el.updateComplete;
    await delayAuth(600);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);

    expect(await done).to.include({ done: 1, failed: 0 });
    expect(el.files[0].attempts).to.equal(1);
  });

  it('keeps the 60 s stall timeout when stall-timeout is removed', async () => {
    const el = await mountUploader({ attributes: { 'stall-timeout': '200' } });
    el.setAttribute('stall-timeout', '');
    await el.updateComplete;
    await setUploadFaults({ latencyMs: 600 });

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);

    expect(await done).to.include({ done: 1, failed: 0 });
    expect(el.files[0].attempts).to.equal(1);
  });
});
