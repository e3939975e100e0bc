import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  fixture,
  startHarness,
  uploadFixture,
  type Harness,
  NAME_TOO_LONG,
} from './local-imagekit.helpers.ts';

/** Uploads rocket.jpg under `fileName`, keeping the name as cleaned (no unique suffix). */
async function uploadNamed(
  harness: Harness,
  fileName: string,
  extra: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
    fileName,
    useUniqueFileName: 'false',
    ...extra,
  });
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

describe('local ImageKit with file names in other scripts', () => {
  it('keeps letters, marks and digits of other scripts in the name', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, 'Ωμέγα 東京-٣.jpg');

    assert.equal(body.name, 'Ωμέγα_東京-٣.jpg');
  });

  it('keeps combining marks as sent, without normalizing the name', async (t) => {
    const harness = await startHarness(t);
    const decomposed = 'Fja\u0308llra\u0308ven.jpg';
    const body = await uploadNamed(harness, decomposed);

    assert.equal(body.name, decomposed);
    assert.notEqual(body.name, decomposed.normalize('NFC'));
  });

  it('replaces an emoji with a single _', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, 'launch🚀.jpg');

    assert.equal(body.name, 'launch_.jpg');
  });

  it('keeps letters of other scripts in folder names', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, 'café menu (1).jpg', { folder: '/menüs du jour' });

    assert.equal(body.filePath, '/menüs_du_jour/café_menu__1_.jpg');
  });

  it('writes the letters as they are in url and thumbnailUrl, as ImageKit does', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, 'café menu (1).jpg', { folder: '/menüs' });
    const details = await harness.client.files.get(String(body.fileId));

    const { urlEndpoint } = harness.imagekit;
    assert.equal(body.url, `${urlEndpoint}/menüs/café_menu__1_.jpg`);
    assert.equal(body.thumbnailUrl, `${urlEndpoint}/tr:n-ik_ml_thumbnail/menüs/café_menu__1_.jpg`);
    assert.equal(details.url, body.url);
    assert.equal(details.name, 'café_menu__1_.jpg');
  });

  it('delivers the file and its thumbnail at the URLs the upload returned', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, '東京 café.jpg', { folder: '/menüs' });
    const original = await fetch(String(body.url));
    const thumbnail = await fetch(String(body.thumbnailUrl));

    assert.equal(original.status, 200);
    assert.deepEqual(Buffer.from(await original.arrayBuffer()), await fixture('rocket.jpg'));
    assert.equal(thumbnail.status, 200);
    assert.equal(thumbnail.headers.get('content-type'), 'image/jpeg');
  });

  it('delivers a decomposed name at its url, byte for byte as uploaded', async (t) => {
    const harness = await startHarness(t);
    const body = await uploadNamed(harness, 'Fja\u0308llra\u0308ven.jpg');
    const response = await fetch(String(body.url));

    assert.equal(response.status, 200);
    assert.equal(new URL(String(body.url)).pathname, '/local/Fja%CC%88llra%CC%88ven.jpg');
  });

  it('stores the file on disk under the name it was given', async (t) => {
    const harness = await startHarness(t);
    await uploadNamed(harness, 'café.jpg', { folder: '/menüs' });

    const root = join(harness.dataDir, 'local-imagekit', 'files');
    assert.deepEqual(await readdir(root), ['menüs']);
    assert.deepEqual(await readdir(join(root, 'menüs')), ['café.jpg']);
  });

  it(
    'serves a private file ' + 'with a non-ASCII name at a URL signed by the official SDK',
    async (t) => {
      const harness = await startHarness(t);
      const body = await uploadNamed(harness, 'café.jpg', {
        folder: '/menüs',
        isPrivateFile: 'true',
      });
      const url = harness.client.helper.buildSrc({
        urlEndpoint: harness.imagekit.urlEndpoint,
        src: String(body.filePath),
        transformation: [{ width: 100 }],
        signed: true,
      });

      const unsigned = await fetch(String(body.url));
      const signed = await fetch(url);
      assert.equal(unsigned.status, 401);
      assert.equal(signed.status, 200);
    },
  );

  it('counts a name in UTF-8 bytes: 120 accented letters are too long for the disk', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      fileName: `${'é'.repeat(120)}.jpg`,
      useUniqueFileName: 'false',
    });

    assert.equal(status, 400);
    assert.deepEqual(body, NAME_TOO_LONG);
  });
});
