import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import {
  fixture,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
} from './local-imagekit.helpers.ts';

describe('local ImageKit with less common files', () => {
  it('stores an iPhone HEIC photo as an image with its size', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'photo.heic');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [640, 427]);
    const details = await harness.client.files.get(String(body.fileId));
    assert.equal(details.mime, 'image/heic');
  });

  it(
    'serves HEIC originals but answers 415 ' + 'to HEIC transformations it cannot decode',
    async (t) => {
      const harness = await startHarness(t);
      const { body } = await uploadFixture(harness, 'photo.heic');
      const original = await fetch(String(body.url));
      const thumbnail = await fetch(String(body.thumbnailUrl));

      assert.equal(original.status, 200);
      assert.deepEqual(Buffer.from(await original.arrayBuffer()), await fixture('photo.heic'));
      assert.equal(thumbnail.status, 415);
      assert.match(thumbnail.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(thumbnail.headers.get('cache-control'), null);
      assert.deepEqual(await thumbnail.json(), {
        message: 'The local ImageKit cannot transform image/heic images.',
        help: 'For support kindly contact us at support@imagekit.io .',
      });
    },
  );

  it('stores a JPEG cut short as a non-image without an image MIME type', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'truncated.jpg');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'non-image');
    const details = await harness.client.files.get(String(body.fileId));
    assert.equal(details.mime, 'application/octet-stream');
  });

  it('renders an SVG to PNG when it is transformed', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'vector.svg');
    const response = await fetch(`${String(body.url)}?tr=w-64`);

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([meta.format, meta.width], ['png', 64]);
  });

  it('stores a 400-megapixel SVG as an image with its size', async (t) => {
    const harness = await startHarness(t);
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"></svg>';
    const { status, body } = await postUpload(harness, {
      file: new Blob([huge]),
      fileName: 'huge.svg',
      ...signedFields(harness),
    });

    assert.equal(status, 200);
    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [20000, 20000]);
  });

  it('keeps a GIF a GIF when transformed without f', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=w-7`);

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/gif');
  });

  it('keeps every frame of an animated GIF when resizing it', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=w-28`);

    assert.equal(response.status, 200);
    const meta = await sharp(Buffer.from(await response.arrayBuffer()), {
      animated: true,
    }).metadata();
    assert.equal(meta.pages, 24);
    assert.deepEqual([meta.width, meta.pageHeight], [28, 50]);
  });

  it('rotates each frame of an animated GIF', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=rt-90`);

    assert.equal(response.status, 200);
    const meta = await sharp(Buffer.from(await response.arrayBuffer()), {
      animated: true,
    }).metadata();
    assert.equal(meta.pages, 24);
    assert.deepEqual([meta.width, meta.pageHeight], [25, 14]);
  });

  it('keeps an animated GIF animated when converted to WebP', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=w-28,f-webp`);

    assert.equal(response.headers.get('content-type'), 'image/webp');
    const meta = await sharp(Buffer.from(await response.arrayBuffer()), {
      animated: true,
    }).metadata();
    assert.equal(meta.pages, 24);
  });

  it('makes the first frame of an animated GIF into a PNG with f-png', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=w-28,f-png`);

    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 28, 50]);
  });
});
