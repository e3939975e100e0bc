import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { QueueCompleteDetail } from '../../widget/events.ts';
import { fixtureFile, mountUploader, queueComplete, setUploadFaults, shadow } from './helpers.ts';

async function formWithUploader(attributes: Record<string, string | boolean> = {}) {
  const form = await fixture<HTMLFormElement>(html`<form><button>Send</button></form>`);
  const el = await mountUploader({ parent: form, attributes: { name: 'photos', ...attributes } });
  let submits = 0;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submits++;
  });
  return { form, el, submits: () => submits };
}

describe('<imagekit-uploader> in a form', () => {
  afterEach(() => setUploadFaults({}));

  it('blocks submission while a file is uploading and allows it once saved', async () => {
    await setUploadFaults({ latencyMs: 600 });
    const { form, el, submits } = await formWithUploader();
    const done = queueComplete(el);

    el.addFiles([await fixtureFile('rocket.jpg')]);
    await waitUntil(() => el.files[0].state === 'uploading');
    await el.updateComplete;

    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Uploading...');
    form.requestSubmit();
    expect(submits()).to.equal(0);

    const complete = (await done) as QueueCompleteDetail;
    await el.updateComplete;

    expect(form.checkValidity()).to.equal(true);
    form.requestSubmit();
    expect(submits()).to.equal(1);
    expect(new FormData(form).getAll('photos')).to.deep.equal([complete.rows[0].fileId]);
  });

  it('is valid and holds the saved file inside its iku-queue-complete listener', async () => {
    const { form, el } = await formWithUploader({ required: true });
    const seen = new Promise<{ valid: boolean; ids: FormDataEntryValue[] }>((resolve) =>
      el.addEventListener('iku-queue-complete', () =>
        resolve({ valid: el.checkValidity(), ids: new FormData(form).getAll('photos') }),
      ),
    );

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const { valid, ids } = await seen;

    expect(valid).to.equal(true);
    expect(ids).to.deep.equal(el.value.map((row) => row.fileId));
    expect(ids).to.have.length(1);
  });

  it('refuses a submit that comes right after addFiles', async () => {
    const { form, el, submits } = await formWithUploader();
    const done = queueComplete(el);

    el.addFiles([await fixtureFile('rocket.jpg')]);
    form.requestSubmit();

    expect(submits()).to.equal(0);
    expect(el.validationMessage).to.equal('Uploading...');
    await done;
  });

  it('is invalid while required and empty', async () => {
    const { form, el } = await formWithUploader({ required: true });

    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Please add at least one file.');
  });

  it('is cleared by a form reset', async () => {
    const { form, el } = await formWithUploader();
    const done = queueComplete(el);
    el.addFiles([await fixtureFile('rocket.jpg')]);
    await done;

    form.reset();
    await el.updateComplete;

    expect(el.files).to.deep.equal([]);
    expect(new FormData(form).getAll('photos')).to.deep.equal([]);
  });

  it('is disabled by a disabled fieldset', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><fieldset disabled></fieldset></form>`);
    const el = await mountUploader({ parent: form.querySelector('fieldset')! });
    await el.updateComplete;

    expect(shadow(el).querySelector<HTMLButtonElement>('.dropzone')!.disabled).to.equal(true);
    expect(el.addFiles([await fixtureFile('rocket.jpg')])).to.deep.equal([]);
    expect(el.files).to.deep.equal([]);
  });
});
