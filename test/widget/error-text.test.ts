import { expect, oneEvent } from '@open-wc/testing';
import type { UploadErrorDetail } from '../../widget/events.ts';
import { fixtureFile, mountUploader, rowOf } from './helpers.ts';

/** The short state label and the line under it, as the row shows them. */
function rowText(row: HTMLElement) {
  return {
    state: row.querySelector('.state')?.textContent,
    message: row.querySelector('[part="file-message"]')?.textContent,
  };
}

describe('<imagekit-uploader> error text', () => {
  it("shows ImageKit's own message beside a file it refused", async () => {
    const el = await mountUploader();
    // Over the stand-in's 25 MB limit: ImageKit answers 400 with its message.
    const huge = new File([new Uint8Array(26 * 1024 * 1024)], 'huge.bin');

    el.addFiles([huge]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    const message = 'Your request contains invalid file parameter. The file size exceeds limits.';
    expect(error).to.include({ code: 'upload-rejected', message });
    expect(rowText(rowOf(el, 'huge.bin'))).to.deep.equal({
      state: 'The upload was refused',
      message,
    });
  });

  it("shows the backend's error message beside a file whose auth request it refused", async () => {
    const el = await mountUploader();
    el.authHeaders = { authorization: 'Bearer not-a-token' };

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error).to.include({ code: 'auth-params-failed', status: 401 });
    expect(error.message).to.not.match(/^The backend answered/);
    expect(rowText(rowOf(el, 'rocket.jpg'))).to.deep.equal({
      state: 'Could not get upload permission',
      message: error.message,
    });
  });

  it("says a backend on the page's origin it cannot reach may not be running", async () => {
    // The test page's server closes the connection there without an answer.
    const el = await mountUploader({ attributes: { endpoint: '/unreachable-backend/' } });

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error.file.error).to.include({ code: 'network-error', unreachable: true });
    expect(rowText(rowOf(el, 'rocket.jpg'))).to.deep.equal({
      state: 'Network error',
      message: 'Could not reach the backend. Check that it is running.',
    });
  });

  it('says a backend on another origin it cannot reach may not allow the page', async () => {
    // Nothing listens there: the same failure as a CORS refusal, as the page sees it.
    const el = await mountUploader({ attributes: { endpoint: 'http://127.0.0.1:9' } });

    el.addFiles([await fixtureFile('rocket.jpg')]);
    const error = (await oneEvent(el, 'iku-upload-error')).detail as UploadErrorDetail;
    await el.updateComplete;

    expect(error).to.include({ code: 'network-error' });
    expect(error.message).to.contain('Could not reach the backend at http://127.0.0.1:9/');
    const text = rowText(rowOf(el, 'rocket.jpg'));
    expect(text.state).to.equal('Network error');
    expect(text.message).to.equal(
      "Could not reach the backend. Check the endpoint and that this page's origin is in the " +
        "backend's ALLOWED_ORIGINS.",
    );
  });

  it('adds no line when the failure came without a message of the server', async () => {
    const el = await mountUploader({ attributes: { accept: 'image/*' } });

    el.addFiles([await fixtureFile('document.pdf')]);
    await el.updateComplete;

    expect(rowText(rowOf(el, 'document.pdf'))).to.deep.equal({
      state: 'This file type is not accepted',
      message: undefined,
    });
  });
});
