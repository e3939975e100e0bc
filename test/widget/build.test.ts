import { expect, waitUntil } from '@open-wc/testing';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import { backendInfo, fixtureFile, mintToken } from './server-commands.ts';

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

  it(
    "shows ImageKit's thumbnail of a saved picture, " + 'built by the SDK inside the script',
    async () => {
      await loadScript('/dist/imagekit-uploader.js');
      const { endpoint } = await backendInfo();
      const token = await mintToken();
      const el = document.createElement('imagekit-uploader') as ImageKitUploader;
      el.setAttribute('endpoint', endpoint);
      el.authHeaders = () => ({ authorization: `Bearer ${token}` });
      document.body.append(el);
      const done = new Promise((resolve) =>
        el.addEventListener('iku-queue-complete', resolve, { once: true }),
      );

      el.addFiles([await fixtureFile('rocket.jpg')]);
      await done;

      const thumbnail = `${el.value[0].url}?tr=w-160,h-160,c-at_max`;
      await waitUntil(
        () => el.shadowRoot?.querySelector('img')?.getAttribute('src') === thumbnail,
        'the thumbnail should show',
      );
      el.remove();
    },
  );
});
