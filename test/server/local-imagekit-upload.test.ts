import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import {
  fixture,
  photo16mp,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
} from './local-imagekit.helpers.ts';

describe('local ImageKit upload API', () => {
  it('answers a signed upload with ImageKit fields', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(status, 200);
    assert.match(String(body.fileId), /^[0-9a-f]{24}$/);
    assert.match(String(body.name), /^rocket_[A-Za-z0-9]+\.jpg$/);
    assert.equal(body.size, (await fixture('rocket.jpg')).length);
    assert.deepEqual(Object.keys(body.versionInfo as object), ['id', 'name']);
    assert.equal((body.versionInfo as { name: string }).name, 'Version 1');
    assert.equal(body.filePath, `/${String(body.name)}`);
    assert.equal(body.url, `${harness.imagekit.urlEndpoint}${String(body.filePath)}`);
    assert.equal(body.fileType, 'image');
    assert.equal(body.width, 640);
    assert.equal(body.height, 427);
    assert.equal(
      body.thumbnailUrl,
      `${harness.imagekit.urlEndpoint}/tr:n-ik_ml_thumbnail${String(body.filePath)}`,
    );
    assert.equal(body.AITags, null);
  });

  it('stores the uploaded bytes unchanged', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg');

    const delivered = await fetch(String(body.url));
    assert.equal(delivered.status, 200);
    assert.deepEqual(Buffer.from(await delivered.arrayBuffer()), await fixture('rocket.jpg'));
  });

  it(
    'keeps letters of any script, digits, ' + 'dot and dash and replaces the rest with _',
    async (t) => {
      const harness = await startHarness(t);
      const { status, body } = await uploadFixture(harness, 'café menu (1).jpg', {
        useUniqueFileName: 'false',
      });

      assert.equal(status, 200);
      assert.equal(body.name, 'café_menu__1_.jpg');
      assert.equal(body.filePath, '/café_menu__1_.jpg');
    },
  );

  it('keeps the exact name when useUniqueFileName is false', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      useUniqueFileName: 'false',
    });

    assert.equal(status, 200);
    assert.equal(body.name, 'rocket.jpg');
  });

  it('gives two uploads of one name different names by default', async (t) => {
    const harness = await startHarness(t);
    const first = await uploadFixture(harness, 'rocket.jpg');
    const second = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.notEqual(first.body.filePath, second.body.filePath);
    assert.notEqual(first.body.fileId, second.body.fileId);
  });

  it('refuses to replace a file when overwriteFile and useUniqueFileName are false', async (t) => {
    const harness = await startHarness(t);
    const fields = { useUniqueFileName: 'false', overwriteFile: 'false' };
    assert.equal((await uploadFixture(harness, 'rocket.jpg', fields)).status, 200);

    const { status, body } = await uploadFixture(harness, 'rocket.jpg', fields);
    assert.equal(status, 400);
    assert.match(String(body.message), /already exists/);
  });

  it('replaces a file at the same path as its next version', async (t) => {
    const harness = await startHarness(t);
    const first = await uploadFixture(harness, 'rocket.jpg', { useUniqueFileName: 'false' });
    const second = await uploadFixture(harness, 'rocket.jpg', { useUniqueFileName: 'false' });

    assert.equal(second.status, 200);
    assert.equal(second.body.fileId, first.body.fileId);
    assert.equal((second.body.versionInfo as { name: string }).name, 'Version 2');
  });

  it('puts the file in the folder asked for, creating it', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      folder: '/products/shoes/',
      useUniqueFileName: 'false',
    });

    assert.equal(status, 200);
    assert.equal(body.filePath, '/products/shoes/rocket.jpg');
    assert.equal((await fetch(String(body.url))).status, 200);
  });

  it('refuses a folder that climbs out with ..', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { folder: '/a/../../b' });

    assert.equal(status, 400);
    assert.match(String(body.message), /invalid folder parameter/);
  });

  it('returns tags, customMetadata and isPrivateFile when responseFields asks', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      tags: 'space, launch',
      customMetadata: JSON.stringify({ sku: 'R-1' }),
      isPrivateFile: 'false',
      responseFields: 'tags,customMetadata,isPrivateFile',
    });

    assert.equal(status, 200);
    assert.deepEqual(body.tags, ['space', 'launch']);
    assert.deepEqual(body.customMetadata, { sku: 'R-1' });
    assert.equal(body.isPrivateFile, false);
  });

  it(
    'returns customCoordinates, ' + 'isPublished and embeddedMetadata when responseFields asks',
    async (t) => {
      const harness = await startHarness(t);
      const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
        customCoordinates: '10,10,100,100',
        responseFields: 'customCoordinates,isPublished,embeddedMetadata',
      });

      assert.equal(status, 200);
      assert.equal(body.customCoordinates, '10,10,100,100');
      assert.equal(body.isPublished, true);
      assert.deepEqual(body.embeddedMetadata, {});
    },
  );

  it('returns the image metadata when responseFields asks for metadata', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'chelsea.png', {
      responseFields: 'metadata',
    });

    assert.equal(status, 200);
    assert.deepEqual(body.metadata, {
      height: 300,
      width: 451,
      size: (await fixture('chelsea.png')).length,
      hasTransparency: false,
    });
  });

  it('leaves out the extra fields when responseFields is not sent', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { tags: 'space' });

    assert.equal(status, 200);
    assert.equal('tags' in body, false);
    assert.equal('customMetadata' in body, false);
  });

  it('refuses customMetadata that is not a JSON object', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { customMetadata: '[1' });

    assert.equal(status, 400);
    assert.match(String(body.message), /customMetadata/);
  });

  it('ignores fields it does not know', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { somethingElse: 'x' });

    assert.equal(status, 200);
    assert.equal(body.fileType, 'image');
  });

  it('reports an EXIF-rotated photo with its upright width and height', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'exif-rotated.jpg');

    assert.equal(status, 200);
    assert.equal(body.width, 451);
    assert.equal(body.height, 300);
  });

  it('accepts a 16-megapixel photo', async (t) => {
    const harness = await startHarness(t);
    const bytes = await photo16mp();
    const { status, body } = await postUpload(harness, {
      file: new Blob([new Uint8Array(bytes)]),
      fileName: 'photo-16mp.jpg',
      ...signedFields(harness),
    });

    assert.equal(status, 200);
    assert.equal(body.width, 4032);
    assert.equal(body.height, 4032);
    assert.equal(body.size, bytes.length);
  });

  it('tests with a 16-megapixel photo that is a photo, not a flat colour', async () => {
    const bytes = await photo16mp();
    const stats = await sharp(bytes).stats();

    assert.ok(bytes.length > 3_000_000, `${bytes.length} bytes`);
    for (const channel of stats.channels) assert.ok(channel.stdev > 10, `stdev ${channel.stdev}`);
  });

  it('stores a video as a non-image without width and height', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'clip.mp4');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'non-image');
    assert.equal('width' in body, false);
    assert.equal(body.thumbnailUrl, '');
  });

  it('stores a PDF as a non-image', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'document.pdf');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'non-image');
  });

  it('judges a text file named .jpg by its content: a non-image', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'not-an-image.jpg');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'non-image');
    const details = await harness.client.files.get(String(body.fileId));
    assert.equal(details.mime, 'text/plain');
  });

  it('accepts the file as a base64 string', async (t) => {
    const harness = await startHarness(t);
    const bytes = await fixture('rocket.jpg');
    const { status, body } = await postUpload(harness, {
      file: bytes.toString('base64'),
      fileName: 'rocket.jpg',
      ...signedFields(harness),
    });

    assert.equal(status, 200);
    assert.equal(body.size, bytes.length);
    assert.equal(body.width, 640);
  });
});
