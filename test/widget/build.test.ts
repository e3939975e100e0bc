import { expect } from '@open-wc/testing';

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src} (run npm run build first)`));
    document.head.append(script);
  });
}

describe('dist/imagekit-uploader.js', () => {
  it('registers the element and can be loaded twice on one page', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);

    await loadScript('/dist/imagekit-uploader.js');
    const first = customElements.get('imagekit-uploader');
    await loadScript('/dist/imagekit-uploader.js?again');
    window.removeEventListener('error', onError);

    expect(errors).to.deep.equal([]);
    expect(first).to.be.a('function');
    expect(customElements.get('imagekit-uploader')).to.equal(first);

    const el = document.createElement('imagekit-uploader');
    el.setAttribute('endpoint', 'http://127.0.0.1:9');
    document.body.append(el);
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(el.shadowRoot?.querySelector('[part="dropzone"]')).to.not.equal(null);
    el.remove();
  });
});
