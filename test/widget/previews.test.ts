import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import { thumbnailUrl } from '../../widget/previews.ts';
import { deepActiveElement, fixtureFile, mountUploader, rowOf, shadow, sleep } from './helpers.ts';

/** Every <img> the element puts in its list from now on, as it stood when it was inserted. */
function watchImages(el: ImageKitUploader) {
  const inserted: HTMLImageElement[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLElement) {
          inserted.push(
            ...(node instanceof HTMLImageElement ? [node] : node.querySelectorAll('img')),
          );
        }
      }
    }
  });
  observer.observe(shadow(el), { childList: true, subtree: true });
  return { inserted, stop: () => observer.disconnect() };
}

/** Resolves once the image has loaded or failed. */
function settled(img: HTMLImageElement): Promise<boolean> {
  if (img.complete) return Promise.resolve(img.naturalWidth > 0);
  return new Promise((resolve) => {
    img.addEventListener('load', () => resolve(true), { once: true });
    img.addEventListener('error', () => resolve(false), { once: true });
  });
}

describe('<imagekit-uploader> previews', () => {
  it('never shows a broken picture for files the browser cannot decode', async () => {
    // Refused by accept, so they stay in the list without uploading.
    const el = await mountUploader({ attributes: { multiple: true, accept: 'video/*' } });
    const images = watchImages(el);
    const random = new File([crypto.getRandomValues(new Uint8Array(4096))], 'random.jpg', {
      type: 'image/jpeg',
    });
    const names = ['empty.jpg', 'truncated.jpg', 'not-an-image.jpg', 'photo.heic'];

    el.addFiles([...(await Promise.all(names.map(fixtureFile))), random]);
    await el.updateComplete;
    await sleep(300);
    await el.updateComplete;
    images.stop();

    const loaded = await Promise.all(images.inserted.map(settled));
    expect(loaded.every(Boolean), 'every picture inserted draws').to.equal(true);
    for (const name of [...names, 'random.jpg']) {
      const row = rowOf(el, name);
      const img = row.querySelector('img');
      if (img) expect(await settled(img), `${name} draws`).to.equal(true);
      else
        expect(row.querySelector('span.thumbnail svg'), `${name} has the icon`).to.not.equal(null);
    }
    expect(rowOf(el, 'not-an-image.jpg').querySelector('img')).to.equal(null);
    expect(rowOf(el, 'random.jpg').querySelector('img')).to.equal(null);
  });

  it('shows the local preview of a picture that decodes', async () => {
    const el = await mountUploader({ attributes: { accept: 'video/*' } });

    el.addFiles([await fixtureFile('coffee.png')]);

    await waitUntil(() => shadow(el).querySelector('img'), 'the preview should show');
    const img = rowOf(el, 'coffee.png').querySelector('img')!;
    expect(img.src).to.match(/^blob:/);
    expect(await settled(img)).to.equal(true);
  });

  it("moves focus to the next row's same button when a focused row is removed", async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'video/*' } });
    el.addFiles([await fixtureFile('coffee.png'), await fixtureFile('chelsea.png')]);
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('[aria-label="Remove coffee.png"]')!.focus();

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;

    expect(el.files.map((file) => file.name)).to.deep.equal(['chelsea.png']);
    expect(deepActiveElement()?.getAttribute('aria-label')).to.equal('Remove chelsea.png');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.files).to.deep.equal([]);
    expect(deepActiveElement()?.getAttribute('part')).to.equal('dropzone');
  });

  it("never shows a removed file's picture in the row that takes its place", async () => {
    const el = await mountUploader({ attributes: { multiple: true, accept: 'video/*' } });
    el.addFiles([await fixtureFile('coffee.png')]);
    await waitUntil(() => shadow(el).querySelector('img')?.complete, 'the preview should show');
    // An SVG of many shapes takes a while to load. It is 451 pixels wide; coffee.png is 600.
    const shapes = '<rect width="1" height="1"/>'.repeat(100_000);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="451" height="300">${shapes}</svg>`;
    // Added and the first file removed before the next frame: the row is drawn anew for slow.svg.
    el.addFiles([new File([svg], 'slow.svg', { type: 'image/svg+xml' })]);
    el.removeFile(el.files[0].id);
    await el.updateComplete;

    // What the picture draws right now, not what it will draw once its load is done.
    const img = rowOf(el, 'slow.svg').querySelector('img');
    if (img) expect([0, 451]).to.include(img.naturalWidth);
    await waitUntil(() => rowOf(el, 'slow.svg').querySelector('img')?.naturalWidth === 451, '', {
      timeout: 5000,
    });
  });
});

describe('thumbnailUrl', () => {
  it("puts ImageKit's resize in the query string of a saved file's URL", () => {
    expect(thumbnailUrl('https://ik.imagekit.io/demo/uploads/photo.jpg')).to.equal(
      'https://ik.imagekit.io/demo/uploads/photo.jpg?tr=w-160,h-160,c-at_max',
    );
  });

  it('adds the resize after a query the URL already has', () => {
    expect(thumbnailUrl('https://ik.imagekit.io/demo/photo.jpg?updatedAt=1700000000')).to.equal(
      'https://ik.imagekit.io/demo/photo.jpg?updatedAt=1700000000&tr=w-160,h-160,c-at_max',
    );
  });
});
