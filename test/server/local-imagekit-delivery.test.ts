import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import {
  fixture,
  photo16mp,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  type Harness,
} from './local-imagekit.helpers.ts';

interface Fetched {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function uploadedUrl(harness: Harness, name: string): Promise<string> {
  const { status, body } = await uploadFixture(harness, name, { useUniqueFileName: 'false' });
  assert.equal(status, 200);
  return String(body.url);
}

/** `/local/rocket.jpg` with `tr` put into the path: `/local/tr:.../rocket.jpg`. */
function pathForm(harness: Harness, url: string, transformation: string): string {
  const filePath = url.slice(harness.imagekit.urlEndpoint.length);
  return `${harness.imagekit.urlEndpoint}/tr:${transformation}${filePath}`;
}

async function size(bytes: Buffer): Promise<[number | undefined, number | undefined]> {
  const meta = await sharp(bytes).metadata();
  return [meta.width, meta.height];
}

describe('local ImageKit delivery', () => {
  it('serves the original bytes with type, ETag, caching and CORS headers', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, headers, bytes } = await get(url);

    assert.equal(status, 200);
    assert.deepEqual(bytes, await fixture('rocket.jpg'));
    assert.equal(headers.get('content-type'), 'image/jpeg');
    assert.match(String(headers.get('etag')), /^"[0-9a-f]{40}"$/);
    assert.match(String(headers.get('cache-control')), /max-age=\d+/);
    assert.equal(headers.get('access-control-allow-origin'), '*');
  });

  it('answers 304 when If-None-Match holds the current ETag', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const first = await get(url);
    const second = await get(url, { 'if-none-match': String(first.headers.get('etag')) });

    assert.equal(second.status, 304);
    assert.equal(second.bytes.length, 0);
  });

  it('resizes with ?tr=w-300,h-200 to exactly 300x200', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, headers, bytes } = await get(`${url}?tr=w-300,h-200`);

    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(await size(bytes), [300, 200]);
  });

  it('gives the same result for the /tr:w-300,h-200/ path form', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const query = await get(`${url}?tr=w-300,h-200`);
    const path = await get(pathForm(harness, url, 'w-300,h-200'));

    assert.equal(path.status, 200);
    assert.deepEqual(path.bytes, query.bytes);
  });

  it('keeps the aspect ratio when only the width is given', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, bytes } = await get(`${url}?tr=w-320`);

    assert.equal(status, 200);
    assert.deepEqual(await size(bytes), [320, 214]);
  });

  it('fits inside the box with c-at_max', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, bytes } = await get(`${url}?tr=w-100,h-100,c-at_max`);

    assert.equal(status, 200);
    assert.deepEqual(await size(bytes), [100, 67]);
  });

  it('stretches with c-force instead of cropping like maintain_ratio', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const forced = await get(`${url}?tr=w-100,h-100,c-force,f-png`);
    const cropped = await get(`${url}?tr=w-100,h-100,c-maintain_ratio,f-png`);

    assert.deepEqual(await size(forced.bytes), [100, 100]);
    assert.deepEqual(await size(cropped.bytes), [100, 100]);
    assert.notDeepEqual(forced.bytes, cropped.bytes);
  });

  it('makes a smaller file at q-10 than at q-90', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const low = await get(`${url}?tr=w-400,q-10`);
    const high = await get(`${url}?tr=w-400,q-90`);

    assert.equal(low.status, 200);
    assert.ok(
      low.bytes.length < high.bytes.length / 2,
      `${low.bytes.length} vs ${high.bytes.length}`,
    );
  });

  for (const [format, mime, sharpFormat] of [
    ['webp', 'image/webp', 'webp'],
    ['png', 'image/png', 'png'],
    ['avif', 'image/avif', 'heif'],
    ['jpg', 'image/jpeg', 'jpeg'],
  ] as const) {
    it(`converts to ${format} with f-${format}`, async (t) => {
      const harness = await startHarness(t);
      const url = await uploadedUrl(harness, 'chelsea.png');
      const { status, headers, bytes } = await get(`${url}?tr=w-100,f-${format}`);

      assert.equal(status, 200);
      assert.equal(headers.get('content-type'), mime);
      assert.equal((await sharp(bytes).metadata()).format, sharpFormat);
    });
  }

  it('picks the format the browser accepts with f-auto, and says it varies', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const avif = await get(`${url}?tr=w-100,f-auto`, { accept: 'image/avif,image/webp,*/*' });
    const webp = await get(`${url}?tr=w-100,f-auto`, { accept: 'image/webp,*/*' });
    const plain = await get(`${url}?tr=w-100,f-auto`, { accept: '*/*' });

    assert.equal(avif.headers.get('content-type'), 'image/avif');
    assert.equal(webp.headers.get('content-type'), 'image/webp');
    assert.equal(plain.headers.get('content-type'), 'image/jpeg');
    assert.equal(plain.headers.get('vary'), 'Accept');
  });

  it('blurs with bl-10', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const sharpImage = await get(`${url}?tr=w-300,f-png`);
    const blurred = await get(`${url}?tr=w-300,bl-10,f-png`);

    assert.equal(blurred.status, 200);
    const before = (await sharp(sharpImage.bytes).stats()).sharpness;
    const after = (await sharp(blurred.bytes).stats()).sharpness;
    assert.ok(after < before / 2, `sharpness ${after} vs ${before}`);
  });

  it('rotates with rt-90', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, bytes } = await get(`${url}?tr=rt-90`);

    assert.equal(status, 200);
    assert.deepEqual(await size(bytes), [427, 640]);
  });

  it('chains steps with :, each working on the result of the one before', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const { status, bytes } = await get(pathForm(harness, url, 'w-300,h-200:rt-90'));

    assert.equal(status, 200);
    assert.deepEqual(await size(bytes), [200, 300]);
  });

  it('serves the thumbnailUrl from the upload as a 200x200 image', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg');
    const { status, headers, bytes } = await get(String(body.thumbnailUrl));

    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(await size(bytes), [200, 200]);
  });

  it('turns an EXIF-rotated photo upright when transforming it', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'exif-rotated.jpg');
    const { status, bytes } = await get(`${url}?tr=w-200`);

    assert.equal(status, 200);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.width, meta.height], [200, 133]);
    assert.equal(meta.orientation ?? 1, 1);
  });

  it('resizes a 16-megapixel photo', async (t) => {
    const harness = await startHarness(t);
    const { body } = await postUpload(harness, {
      file: new Blob([new Uint8Array(await photo16mp())]),
      fileName: 'photo-16mp.jpg',
      ...signedFields(harness),
    });
    const { status, bytes } = await get(`${String(body.url)}?tr=w-300`);

    assert.equal(status, 200);
    assert.deepEqual(await size(bytes), [300, 300]);
  });

  it('keeps transformed results on disk and serves them from there', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg');
    const first = await get(`${String(body.url)}?tr=w-120`);
    const cacheDir = join(harness.dataDir, 'local-imagekit', 'cache', String(body.fileId));
    assert.equal((await readdir(cacheDir)).length, 1);

    // With the original gone from disk, only the cache can answer.
    const original = join(harness.dataDir, 'local-imagekit', 'files', String(body.name));
    await rm(original);
    const second = await get(`${String(body.url)}?tr=w-120`);
    assert.equal(second.status, 200);
    assert.deepEqual(second.bytes, first.bytes);
  });

  it('serves a non-image as it is, ignoring transformations', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'document.pdf');
    const { status, headers, bytes } = await get(`${url}?tr=w-100`);

    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/pdf');
    assert.deepEqual(bytes, await fixture('document.pdf'));
  });

  it('serves a video with its MIME type', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'clip.mp4');
    const { status, headers, bytes } = await get(url);

    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'video/mp4');
    assert.equal(bytes.length, (await fixture('clip.mp4')).length);
  });

  it('refuses an unknown transformation parameter with 400', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const response = await fetch(`${url}?tr=zz-5`);

    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string };
    assert.equal(body.message, "Unsupported transformation parameter 'zz'.");
  });

  it('refuses an invalid width with 400', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadedUrl(harness, 'rocket.jpg');
    const response = await fetch(`${url}?tr=w-abc`);

    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string };
    assert.equal(body.message, "Invalid value 'abc' for transformation parameter 'w'.");
  });

  it('answers 404 with JSON for a path that holds no file', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.urlEndpoint}/nothing/here.jpg`);

    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      message: 'The requested file does not exist.',
      help: 'For support kindly contact us at support@imagekit.io .',
    });
  });
});
