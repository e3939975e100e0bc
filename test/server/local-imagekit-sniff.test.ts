import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import {
  fixture,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  type Harness,
  HELP,
} from './local-imagekit.helpers.ts';

/** A 24-bit Windows bitmap of one grey colour, written by hand: sharp cannot write BMP. */
function bmp(width: number, height: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * height, 0x80);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(0, 6);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.fill(0, 30, 54);
  return file;
}

/** A Windows icon holding one PNG image, as icon editors write them today. */
async function ico(width: number, height: number): Promise<Buffer> {
  const png = await sharp({
    create: { width, height, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(width % 256, 6);
  header.writeUInt8(height % 256, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

/** An 8-bit TIFF of two 40x30 pages, the first light and the second dark. */
async function twoPageTiff(): Promise<Buffer> {
  const page = 40 * 30 * 3;
  const strip = Buffer.alloc(page * 2, 20);
  strip.fill(220, 0, page);
  return sharp(strip, { raw: { width: 40, height: 60, channels: 3, pageHeight: 30 } })
    .tiff()
    .toBuffer();
}

async function upload(
  harness: Harness,
  bytes: Buffer,
  fileName: string,
): Promise<Record<string, unknown>> {
  const { status, body } = await postUpload(harness, {
    file: new Blob([new Uint8Array(bytes)]),
    fileName,
    ...signedFields(harness),
  });
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function mimeOf(harness: Harness, body: Record<string, unknown>): Promise<string> {
  return (await harness.client.files.get(String(body.fileId))).mime ?? '';
}

describe('local ImageKit telling image formats from their bytes', () => {
  it('stores a TIFF that sharp cannot decode as an image/tiff image with its size', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'multipage.tif');

    assert.equal(status, 200);
    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [10, 10]);
    assert.equal(await mimeOf(harness, body), 'image/tiff');
  });

  it(
    'serves the original TIFF ' + 'but answers 415 to a transformation sharp cannot decode',
    async (t) => {
      const harness = await startHarness(t);
      const { body } = await uploadFixture(harness, 'multipage.tif');
      const original = await fetch(String(body.url));
      const thumbnail = await fetch(String(body.thumbnailUrl));

      assert.equal(original.status, 200);
      assert.equal(original.headers.get('content-type'), 'image/tiff');
      assert.deepEqual(Buffer.from(await original.arrayBuffer()), await fixture('multipage.tif'));
      assert.equal(thumbnail.status, 415);
      assert.deepEqual(await thumbnail.json(), {
        message:
          'The local ImageKit cannot transform this image/tiff image: sharp cannot decode this ' +
          'variant of the format.',
        help: HELP,
      });
    },
  );

  it(
    'renders a TIFF transformed without f as a JPEG, ' + 'since browsers cannot show TIFF',
    async (t) => {
      const harness = await startHarness(t);
      const body = await upload(harness, await twoPageTiff(), 'scan.tif');
      const response = await fetch(`${String(body.url)}?tr=w-20`);

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/jpeg');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      assert.deepEqual([meta.width, meta.height], [20, 15]);
    },
  );

  it(
    'answers f-auto for a TIFF with a JPEG ' + 'when the browser takes neither AVIF nor WebP',
    async (t) => {
      const harness = await startHarness(t);
      const body = await upload(harness, await twoPageTiff(), 'scan.tif');
      const response = await fetch(`${String(body.url)}?tr=w-20,f-auto`, {
        headers: { accept: 'image/png,image/*;q=0.8' },
      });

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/jpeg');
    },
  );

  it('makes the first page of a multi-page TIFF into a still WebP, not an animation', async (t) => {
    const harness = await startHarness(t);
    const body = await upload(harness, await twoPageTiff(), 'scan.tif');
    const response = await fetch(`${String(body.url)}?tr=w-20,f-auto`, {
      headers: { accept: 'image/webp,*/*' },
    });

    assert.equal(response.headers.get('content-type'), 'image/webp');
    const bytes = Buffer.from(await response.arrayBuffer());
    const meta = await sharp(bytes, { animated: true }).metadata();
    assert.deepEqual([meta.pages ?? 1, meta.width, meta.height], [1, 20, 15]);
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[0]! > 150, 'the light first page, not the dark second one');
  });

  it('stores a BMP as an image/bmp image with its size', async (t) => {
    const harness = await startHarness(t);
    const body = await upload(harness, bmp(7, 5), 'pixel.bmp');

    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [7, 5]);
    assert.equal(await mimeOf(harness, body), 'image/bmp');
  });

  it('stores an ICO as an image/x-icon image with the size of its largest image', async (t) => {
    const harness = await startHarness(t);
    const body = await upload(harness, await ico(48, 32), 'favicon.ico');

    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [48, 32]);
    assert.equal(await mimeOf(harness, body), 'image/x-icon');
  });

  it('stores an AVIF as an image/avif image with its size', async (t) => {
    const avif = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#c00' } })
      .avif()
      .toBuffer();
    const harness = await startHarness(t);
    const body = await upload(harness, avif, 'photo.avif');

    assert.equal(body.fileType, 'image');
    assert.deepEqual([body.width, body.height], [30, 20]);
    assert.equal(await mimeOf(harness, body), 'image/avif');
  });

  it('keeps a text file that starts with BM a text file', async (t) => {
    const harness = await startHarness(t);
    const body = await upload(harness, Buffer.from('BMW service history\n'.repeat(4)), 'car.bmp');

    assert.equal(body.fileType, 'non-image');
    assert.equal(await mimeOf(harness, body), 'text/plain');
  });
});
