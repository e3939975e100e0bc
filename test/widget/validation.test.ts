import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import type { UploadErrorDetail } from '../../widget/events.ts';
import {
  fixtureFile,
  mountUploader,
  queueComplete,
  rowOf,
  serverStats,
  shadow,
  spyAuthParams,
} from './helpers.ts';
import type { AuthParamsSpy } from './helpers.ts';

describe('<imagekit-uploader> validation', () => {
  let spy: AuthParamsSpy | undefined;

  beforeEach(() => {
    spy = spyAuthParams();
  });

  afterEach(() => spy?.restore());

  async function refuse(attributes: Record<string, string | boolean>, files: string[]) {
    const el = await mountUploader({ attributes });
    const before = await serverStats();
    const error = oneEvent(el, 'iku-upload-error');

    el.addFiles(await Promise.all(files.map(fixtureFile)));
    const detail = (await error).detail as UploadErrorDetail;
    await el.updateComplete;

    // Refused before any request: no auth params asked, nothing uploaded.
    expect(spy!.batches).to.deep.equal([]);
    expect((await serverStats()).uploads).to.equal(before.uploads);
    return { el, detail };
  }

  it('refuses document.pdf when accept="image/*" and says why beside the file', async () => {
    const { el, detail } = await refuse({ accept: 'image/*' }, ['document.pdf']);

    expect(detail.code).to.equal('file-type-not-accepted');
    expect(detail.file.name).to.equal('document.pdf');
    const row = rowOf(el, 'document.pdf');
    expect(row.dataset.state).to.equal('failed');
    expect(row.querySelector('.state')?.textContent?.trim()).to.equal(
      'This file type is not accepted',
    );
  });

  it('refuses a text file named .jpg by its content when accept="image/*"', async () => {
    const { el, detail } = await refuse({ accept: 'image/*' }, ['not-an-image.jpg']);

    expect(detail).to.include({
      code: 'file-type-not-accepted',
      message: "The file's content is not an image",
    });
    expect(rowOf(el, 'not-an-image.jpg').querySelector('.state')?.textContent).to.equal(
      "The file's content is not an image",
    );
    expect(el.files[0]).to.include({ state: 'failed', attempts: 0 });
  });

  it('says "image or video" when accept allows videos too', async () => {
    const { detail } = await refuse({ accept: 'image/*,video/*' }, ['not-an-image.jpg']);

    expect(detail).to.include({
      code: 'file-type-not-accepted',
      message: "The file's content is not an image or video",
    });
  });

  it('keeps the form waiting while the content is checked', async () => {
    const el = await mountUploader({ attributes: { accept: 'image/*' } });

    el.addFiles([await fixtureFile('not-an-image.jpg')]);

    expect(el.files[0].state).to.equal('queued');
    expect(el.validationMessage).to.equal('Uploading...');
    await oneEvent(el, 'iku-upload-error');
    expect(el.checkValidity()).to.equal(true);
  });

  it(
    'uploads images and videos whose content matches, ' + 'a damaged JPEG header included',
    async () => {
      const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*,video/*' } });
      const names = [
        'truncated.jpg',
        'rocket.jpg',
        'chelsea.png',
        'animated.gif',
        'multipage.tif',
        'vector.svg',
        'photo.heic',
        'clip.mp4',
      ];
      const done = queueComplete(el);

      el.addFiles(await Promise.all(names.map(fixtureFile)));
      await done;

      const refused = el.files.filter((file) => file.error?.code === 'file-type-not-accepted');
      expect(refused.map((file) => file.name)).to.deep.equal([]);
      expect(el.files.filter((file) => file.state === 'done')).to.have.length(names.length);
      // Checked together, they still share one auth request.
      expect(spy!.batches.map((batch) => batch.count)).to.deep.equal([names.length]);
    },
  );

  it('refuses a text file named .jpg by its content when accept allows PDFs too', async () => {
    const { detail } = await refuse({ accept: 'image/*,video/*,application/pdf' }, [
      'not-an-image.jpg',
    ]);

    expect(detail).to.include({
      code: 'file-type-not-accepted',
      message: "The file's content is not an image or video",
    });
  });

  it('does not look inside a file that a non-media entry of accept lets in', async () => {
    const el = await mountUploader({
      attributes: { multiple: true, accept: 'image/*,video/*,application/pdf' },
    });
    const done = queueComplete(el);

    // A PDF's first bytes are no image's: a look inside would refuse it.
    el.addFiles([await fixtureFile('document.pdf'), await fixtureFile('rocket.jpg')]);

    expect(await done).to.include({ done: 2, failed: 0 });
  });

  it('refuses the empty file empty.jpg', async () => {
    const { el, detail } = await refuse({}, ['empty.jpg']);

    expect(detail.code).to.equal('file-empty');
    expect(rowOf(el, 'empty.jpg').querySelector('.state')?.textContent?.trim()).to.equal(
      'The file is empty',
    );
  });

  it('refuses a file over max-file-size', async () => {
    const { el, detail } = await refuse({ 'max-file-size': '100000' }, ['rocket.jpg']);

    expect(detail.code).to.equal('file-too-large');
    expect(rowOf(el, 'rocket.jpg').querySelector('.state')?.textContent?.trim()).to.equal(
      'Larger than 98 KB',
    );
  });

  it('refuses files past max-files', async () => {
    const el = await mountUploader({ attributes: { multiple: true, 'max-files': '1' } });
    const error = oneEvent(el, 'iku-upload-error');

    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('chelsea.png')]);
    const detail = (await error).detail as UploadErrorDetail;

    expect(detail).to.include({ code: 'too-many-files' });
    expect(detail.file.name).to.equal('chelsea.png');
    expect(el.files.map((f) => f.state)).to.not.include('queued', 'the refused one never queues');
  });

  it('refuses a second file without multiple, naming the same limit as the event', async () => {
    const el = await mountUploader();
    const error = oneEvent(el, 'iku-upload-error');

    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('chelsea.png')]);
    const detail = (await error).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(detail.message).to.equal('Too many files (at most 1)');
    expect(rowOf(el, 'chelsea.png').querySelector('.state')?.textContent).to.equal(
      'Too many files (at most 1)',
    );
  });

  it('shows a clear message and logs once when endpoint is missing', async () => {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const el = await fixture<ImageKitUploader>(html`<imagekit-uploader></imagekit-uploader>`);
      el.folder = 'x';
      await el.updateComplete;

      const alert = shadow(el).querySelector('[role="alert"]');
      expect(alert?.textContent).to.contain('the endpoint attribute is missing');
      expect(shadow(el).querySelector<HTMLButtonElement>('.dropzone')!.disabled).to.equal(true);
      expect(logged).to.have.length(1);
      expect(String(logged[0][0])).to.contain('<imagekit-uploader>');
    } finally {
      console.error = original;
    }
  });

  it('calls an endpoint that is not http(s) invalid', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const el = await fixture<ImageKitUploader>(
        html`<imagekit-uploader endpoint="ftp://example.com"></imagekit-uploader>`,
      );
      expect(shadow(el).querySelector('[role="alert"]')?.textContent).to.contain(
        '"ftp://example.com" is not a valid endpoint URL',
      );
    } finally {
      console.error = original;
    }
  });
});
