import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import {
  deepActiveElement,
  fixtureFile,
  mountUploader,
  queueComplete,
  rowOf,
  setUploadFaults,
  shadow,
} from './helpers.ts';

/** Counts clicks on the hidden file input and keeps the real dialog from opening. */
function watchPicker(el: ImageKitUploader): { clicks: number } {
  const seen = { clicks: 0 };
  shadow(el)
    .querySelector('input[type="file"]')!
    .addEventListener('click', (event) => {
      seen.clicks++;
      event.preventDefault();
    });
  return seen;
}

/** Elements are compared by their part name: a failing equality of two nodes is slow to print. */
function focusedPart(): string | null | undefined {
  return deepActiveElement()?.getAttribute('part');
}

function paste(target: Element, files: File[]): void {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  target.dispatchEvent(
    new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }),
  );
}

/** A cancelable drag event that crosses shadow roots, as the browser's own does. */
function composedDrag(type: string, data: DataTransfer): DragEvent {
  return new DragEvent(type, {
    dataTransfer: data,
    bubbles: true,
    composed: true,
    cancelable: true,
  });
}

describe('<imagekit-uploader> keyboard and input', () => {
  afterEach(() => setUploadFaults({}));

  it('opens the picker with Enter and with Space on the drop zone reached by Tab', async () => {
    const parent = await fixture<HTMLDivElement>(html`<div><button>before</button></div>`);
    const el = await mountUploader({ parent });
    const picker = watchPicker(el);
    parent.querySelector('button')!.focus();

    await sendKeys({ press: 'Tab' });
    const dropzone = shadow(el).querySelector('.dropzone');
    expect(focusedPart()).to.equal('dropzone');
    expect(getComputedStyle(dropzone!).outlineStyle).to.equal('solid');

    await sendKeys({ press: 'Enter' });
    expect(picker.clicks).to.equal(1);
    await sendKeys({ press: 'Space' });
    expect(picker.clicks).to.equal(2);
  });

  it('reaches retry and remove by Tab and uses them from the keyboard', async () => {
    const el = await mountUploader();
    await setUploadFaults({ failNext: 4 });
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0]?.state === 'failed', 'the upload should fail', {
      timeout: 5000,
    });
    await setUploadFaults({});
    // The retry button exists only once the failure is drawn.
    await el.updateComplete;
    el.focus();

    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.getAttribute('aria-label')).to.equal('Retry rocket.jpg');
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.getAttribute('aria-label')).to.equal('Remove rocket.jpg');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });

    const done = queueComplete(el);
    await sendKeys({ press: 'Enter' });
    await done;
    await el.updateComplete;
    expect(rowOf(el, 'rocket.jpg').dataset.state).to.equal('done');

    // The retry button left with the failure; focus went back to the drop zone.
    expect(focusedPart()).to.equal('dropzone');
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.getAttribute('aria-label')).to.equal('Remove rocket.jpg');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.files).to.deep.equal([]);
    expect(focusedPart()).to.equal('dropzone');
  });

  it('adds pasted files only to the instance that has focus', async () => {
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const first = await mountUploader({ parent });
    const second = await mountUploader({ parent });

    second.focus();
    expect(second.shadowRoot!.activeElement?.getAttribute('part')).to.equal('dropzone');
    const done = queueComplete(second);
    paste(deepActiveElement()!, [await fixtureFile('rocket.jpg')]);

    expect(second.files.map((f) => f.name)).to.deep.equal(['rocket.jpg']);
    expect(first.files).to.deep.equal([]);
    await done;
  });

  it('ignores a paste while focus is outside every instance', async () => {
    const parent = await fixture<HTMLDivElement>(html`<div><input aria-label="other" /></div>`);
    const el = await mountUploader({ parent });
    const outside = parent.querySelector('input')!;
    outside.focus();

    paste(outside, [await fixtureFile('rocket.jpg')]);

    expect(el.files).to.deep.equal([]);
  });

  it('shows the drop state while files are dragged over and uploads what is dropped', async () => {
    const el = await mountUploader();
    const dropzone = shadow(el).querySelector<HTMLButtonElement>('.dropzone')!;
    const data = new DataTransfer();
    data.items.add(await fixtureFile('rocket.jpg'));

    dropzone.dispatchEvent(
      new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    await el.updateComplete;
    expect(dropzone.classList.contains('dragging')).to.equal(true);
    expect(dropzone.querySelector('.label')?.textContent).to.equal('Drop to upload');

    const done = queueComplete(el);
    dropzone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    await el.updateComplete;
    expect(dropzone.classList.contains('dragging')).to.equal(false);
    expect(await done).to.include({ done: 1 });
  });

  it('refuses files dropped on the list, so the browser does not open them', async () => {
    const el = await mountUploader({ attributes: { accept: 'image/jpeg' } });
    el.addFiles([await fixtureFile('coffee.png')]);
    await el.updateComplete;
    const data = new DataTransfer();
    data.items.add(await fixtureFile('rocket.jpg'));
    const over = composedDrag('dragover', data);
    const drop = composedDrag('drop', data);

    shadow(el).querySelector('li.file')!.dispatchEvent(over);
    shadow(el).querySelector('li.file')!.dispatchEvent(drop);

    expect(over.defaultPrevented).to.equal(true);
    expect(data.dropEffect).to.equal('none');
    expect(drop.defaultPrevented).to.equal(true);
    expect(el.files.map((file) => file.name)).to.deep.equal(['coffee.png']);
  });

  it('refuses files dragged over the drop zone while disabled', async () => {
    const el = await mountUploader({ attributes: { disabled: true } });
    const data = new DataTransfer();
    data.items.add(await fixtureFile('rocket.jpg'));
    const over = composedDrag('dragover', data);

    shadow(el).querySelector('.dropzone')!.dispatchEvent(over);

    expect(over.defaultPrevented).to.equal(true);
    expect(data.dropEffect).to.equal('none');
  });
});
