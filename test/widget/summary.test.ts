import { expect, waitUntil } from '@open-wc/testing';
import {
  announcement,
  fixtureFile,
  mountUploader,
  queueComplete,
  serverStats,
  setUploadFaults,
  shadow,
} from './helpers.ts';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import { defaultStrings, format } from '../../widget/strings.ts';
import type { UploaderStrings } from '../../widget/strings.ts';
import { summaryText } from '../../widget/summary.ts';
import type { FileState, UploaderFile } from '../../widget/types.ts';

const summary = (el: ImageKitUploader) => shadow(el).querySelector('.summary-text')?.textContent;
const hint = (el: ImageKitUploader) => shadow(el).querySelector('.hint')?.textContent;

const text = (key: keyof UploaderStrings, values?: Record<string, string | number>) =>
  format(defaultStrings[key], values);

/** Files of 100 bytes in the given states, `loaded` bytes sent of each one uploading. */
const listed = (loaded: number, ...states: FileState[]): UploaderFile[] =>
  states.map((state, index) => ({
    id: String(index),
    name: `${index}.jpg`,
    size: 100,
    type: 'image/jpeg',
    state,
    loaded: state === 'uploading' ? loaded : 0,
    attempts: 1,
    waitingForNetwork: false,
    retrying: false,
  }));

describe('<imagekit-uploader> summary and wording', () => {
  afterEach(() => setUploadFaults({}));

  it('says "1 file saved" for a single saved file and "All 2 saved" for two', async () => {
    const el = await mountUploader({ attributes: { multiple: true } });

    let done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;
    await el.updateComplete;
    expect(summary(el)).to.equal('1 file saved');

    done = queueComplete(el);
    el.addFiles([await fixtureFile('chelsea.png')]);
    await done;
    await el.updateComplete;
    expect(summary(el)).to.equal('All 2 saved');
  });

  it('counts only the canceled files when nothing else is listed', async () => {
    await setUploadFaults({ latencyMs: 1000 });
    const el = await mountUploader();
    const before = await serverStats();
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0].state === 'uploading');

    const done = queueComplete(el);
    el.cancelFile(el.files[0].id);
    await done;
    await el.updateComplete;

    expect(summary(el)).to.equal('1 canceled');
    // The stand-in finishes the abandoned upload after its latency; later tests count uploads.
    await waitUntil(async () => (await serverStats()).uploads > before.uploads, '', {
      timeout: 3000,
    });
  });

  it('says what is happening while a file is on its way, and counts once all settled', () => {
    expect(summaryText(listed(8, 'canceled', 'uploading'), text)).to.equal(
      'Uploading 1 file · 8% · 1 canceled',
    );
    expect(summaryText(listed(50, 'done', 'queued', 'uploading'), text)).to.equal(
      'Uploading 2 files · 50%',
    );
    expect(summaryText(listed(0, 'failed', 'authorizing'), text)).to.equal(
      'Uploading 1 file · 0% · 1 failed',
    );
    expect(summaryText(listed(100, 'done', 'saving', 'canceled'), text)).to.equal(
      'Uploading 1 file · 100% · 1 canceled',
    );
    expect(summaryText(listed(100, 'done', 'canceled'), text)).to.equal(
      '1 file saved · 1 canceled',
    );
    expect(summaryText(listed(100, 'done', 'failed', 'canceled'), text)).to.equal(
      '1 of 2 saved · 1 failed · 1 canceled',
    );
  });

  it(
    'reads as uploading, not as 0 saved, ' + 'while one file uploads and another was canceled',
    async () => {
      await setUploadFaults({ latencyMs: 1000 });
      const el = await mountUploader({ attributes: { multiple: true } });
      const before = await serverStats();
      el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('chelsea.png')]);
      await waitUntil(() => el.files.every((file) => file.state === 'uploading'));

      const done = queueComplete(el);
      el.cancelFile(el.files[0].id);
      await el.updateComplete;

      const percent = shadow(el)
        .querySelector('[part="total-progress"]')
        ?.getAttribute('aria-valuenow');
      expect(summary(el)).to.equal(`Uploading 1 file · ${percent}% · 1 canceled`);

      await done;
      await el.updateComplete;
      expect(summary(el)).to.equal('1 file saved · 1 canceled');
      // The stand-in finishes the abandoned upload after its latency; later tests count uploads.
      await waitUntil(async () => (await serverStats()).uploads >= before.uploads + 2, '', {
        timeout: 3000,
      });
    },
  );

  it('empties the live region when the list is cleared', async () => {
    const el = await mountUploader();
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;
    await el.updateComplete;
    expect(announcement(el)).to.match(/^Upload finished/);

    el.clear();
    await el.updateComplete;

    expect(announcement(el)).to.equal('');
    expect(shadow(el).querySelector('.summary')).to.equal(null);
  });

  it('lists files in the order they were picked, refused ones included', async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*' } });
    const names = ['rocket.jpg', 'document.pdf', 'chelsea.png', 'clip.mp4'];

    const done = queueComplete(el);
    const queued = el.addFiles(await Promise.all(names.map(fixtureFile)));
    await el.updateComplete;

    expect(queued.map((file) => file.name)).to.deep.equal(['rocket.jpg', 'chelsea.png']);
    expect(el.files.map((file) => file.name)).to.deep.equal(names);
    const rows = [...shadow(el).querySelectorAll('li.file .name')].map((name) => name.textContent);
    expect(rows).to.deep.equal(names);
    await done;
  });

  it('names accepted kinds and extensions in words in the drop zone hint', async () => {
    const el = await mountUploader({
      attributes: { accept: 'image/*,video/*,application/pdf', 'max-file-size': '10485760' },
    });
    expect(hint(el)).to.equal('Images, videos and PDF, up to 10 MB each');

    el.accept = '.jpg, .PNG';
    await el.updateComplete;
    expect(hint(el)).to.equal('JPG and PNG, up to 10 MB each');

    el.accept = 'image/jpeg,image/svg+xml,.heic,video/quicktime';
    await el.updateComplete;
    expect(hint(el)).to.equal('JPEG, SVG, HEIC and QUICKTIME, up to 10 MB each');

    el.accept = 'audio/*';
    el.strings = { accept_audio: 'Tonaufnahmen' };
    await el.updateComplete;
    expect(hint(el)).to.equal('Tonaufnahmen, up to 10 MB each');
  });
});
