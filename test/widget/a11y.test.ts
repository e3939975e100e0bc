import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import {
  announcement,
  axButtons,
  fixtureFile,
  mountUploader,
  queueComplete,
  setUploadFaults,
  shadow,
} from './helpers.ts';

/** Every text `region` shows, in order, as a screen reader would hear it. */
function recordText(region: Element): string[] {
  const said: string[] = [];
  new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  return said;
}

describe('<imagekit-uploader> accessibility', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await setUploadFaults({});
  });

  it('has no axe violations when empty', async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*' } });

    await expect(el).to.be.accessible();
  });

  it('has no axe violations with a saved file and a refused one', async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*' } });
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('document.pdf')]);
    await done;
    await el.updateComplete;

    await expect(el).to.be.accessible();
  });

  it('has no axe violations in dark mode on a light page', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*' } });
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('document.pdf')]);
    await done;
    await el.updateComplete;

    expect(getComputedStyle(document.body).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    await expect(el).to.be.accessible();
  });

  it('names the drop zone by its label and describes it by the hint, each read once', async () => {
    await mountUploader({
      attributes: { multiple: true, accept: 'image/*', 'max-file-size': '10485760' },
    });

    const dropzone = (await axButtons()).filter((button) => button.name.startsWith('Choose'));

    expect(dropzone).to.deep.equal([
      {
        name: 'Choose files or drop them here',
        description: 'Images, up to 10 MB each',
      },
    ]);
  });

  it('says in the live region which file was refused and why', async () => {
    const el = await mountUploader({ attributes: { accept: 'image/*' } });

    el.addFiles([await fixtureFile('document.pdf')]);
    await el.updateComplete;

    expect(announcement(el)).to.equal('document.pdf not added: This file type is not accepted');
  });

  it('draws its previews again when it is put back on the page', async () => {
    const el = await mountUploader({ attributes: { accept: 'image/jpeg' } });
    el.addFiles([await fixtureFile('coffee.png')]);
    await waitUntil(() => shadow(el).querySelector('img'), 'the preview should show');
    const first = shadow(el).querySelector('img')!.src;
    const parent = el.parentElement!;

    el.remove();
    parent.append(el);
    await waitUntil(
      () => shadow(el).querySelector('img')?.src !== first,
      'the preview should show again',
    );

    const image = shadow(el).querySelector('img')!;
    expect(image.src).to.match(/^blob:/);
    expect(image.src).to.not.equal(first);
    await image.decode();
  });

  it('labels the drop zone as a button that states what is accepted', async () => {
    const el = await mountUploader({
      attributes: { multiple: true, accept: 'image/*', 'max-file-size': '10485760' },
    });
    const dropzone = shadow(el).querySelector('.dropzone')!;
    const hint = shadow(el).getElementById(dropzone.getAttribute('aria-describedby')!);

    expect(dropzone.tagName).to.equal('BUTTON');
    expect(dropzone.querySelector('.label')?.textContent).to.equal(
      'Choose files or drop them here',
    );
    expect(hint?.textContent).to.equal('Images, up to 10 MB each');
  });

  it('announces the start and, once, the end of an upload in one polite live region', async () => {
    const el = await mountUploader();
    const regions = shadow(el).querySelectorAll('[aria-live]');
    expect(regions).to.have.length(1);
    const region = regions[0];
    expect(region.getAttribute('aria-live')).to.equal('polite');
    const said = recordText(region);

    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await el.updateComplete;
    await done;
    await el.updateComplete;

    expect(said[0]).to.equal('Uploading rocket.jpg');
    expect(said.filter((text) => text.startsWith('Upload finished'))).to.deep.equal([
      'Upload finished: 1 saved, 0 failed, 0 canceled',
    ]);
  });

  it('names a lone failure, and announces again when a retry fails the same way', async () => {
    await setUploadFaults({ errorRate: 1 });
    const el = await mountUploader();
    const region = shadow(el).querySelector('[aria-live]')!;
    const said = recordText(region);

    let done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;
    await el.updateComplete;
    done = queueComplete(el);
    el.retryFile(el.files[0].id);
    await done;
    await el.updateComplete;

    const finished = said.filter((text) => text.startsWith('Upload finished'));
    const said1 =
      'Upload finished: 0 saved, 1 failed, 0 canceled. ' +
      'rocket.jpg failed: The upload service failed';
    expect(finished.map((text) => text.trim())).to.deep.equal([said1, said1]);
    expect(finished[0]).to.not.equal(finished[1]);
  });

  it('never reads as success while a file failed', async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'image/*' } });
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg'), await fixtureFile('document.pdf')]);
    await done;
    await el.updateComplete;

    expect(shadow(el).querySelector('.summary-text')?.textContent).to.equal(
      '1 of 2 saved · 1 failed',
    );
  });

  it('revokes local previews when a file is removed and when the element leaves', async () => {
    const el = await mountUploader({ attributes: { multiple: true, concurrency: '1' } });
    const revoked: string[] = [];
    const original = URL.revokeObjectURL;
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      original.call(URL, url);
    };
    try {
      const [first] = el.addFiles([
        await fixtureFile('chelsea.png'),
        await fixtureFile('coffee.png'),
      ]);
      await waitUntil(
        () => shadow(el).querySelectorAll('img').length === 2,
        'previews should show',
      );
      const previews = [...shadow(el).querySelectorAll('img')].map((img) => img.src);
      expect(previews.every((src) => src.startsWith('blob:'))).to.equal(true);

      el.removeFile(first.id);
      expect(revoked).to.deep.equal([previews[0]]);
      el.remove();
      expect(revoked).to.deep.equal(previews);
    } finally {
      URL.revokeObjectURL = original;
    }
  });
});
