import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import {
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  HELP,
} from './local-imagekit.helpers.ts';

async function rocketUrl(t: Parameters<typeof startHarness>[0]): Promise<string> {
  const harness = await startHarness(t);
  const { status, body } = await uploadFixture(harness, 'rocket.jpg');
  assert.equal(status, 200);
  return String(body.url);
}

describe('local ImageKit transformation limits', () => {
  it('refuses a result over 25 megapixels with a JSON 400, before rendering it', async (t) => {
    const url = await rocketUrl(t);
    const response = await fetch(`${url}?tr=w-10000,h-10000:rt-45`);

    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message:
        'The transformed image would be 10000x10000 pixels; the local ImageKit renders up to ' +
        '25 megapixels.',
      help: HELP,
    });
  });

  it('refuses a chain whose middle step is over the limit, even if the end is small', async (t) => {
    const url = await rocketUrl(t);
    const response = await fetch(`${url}?tr=w-6000,h-6000:w-100`);

    assert.equal(response.status, 400);
    assert.match(
      ((await response.json()) as { message: string }).message,
      /would be 6000x6000 pixels/,
    );
  });

  it('refuses a rotation that takes a result over the limit', async (t) => {
    const url = await rocketUrl(t);
    // 4500x4500 is 20.25 MP; turned by 45 degrees its bounding box is about 6364x6364.
    const response = await fetch(`${url}?tr=w-4500,h-4500,rt-45`);

    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /would be 6364x6364/);
  });

  it('renders a result just under the limit', async (t) => {
    const url = await rocketUrl(t);
    const response = await fetch(`${url}?tr=w-5000,h-5000,f-jpg,q-10`);

    assert.equal(response.status, 200);
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([meta.width, meta.height], [5000, 5000]);
  });

  it('refuses to transform an image over 100 megapixels with a JSON 400', async (t) => {
    const harness = await startHarness(t);
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="11000" height="10000"></svg>';
    const { body } = await postUpload(harness, {
      file: new Blob([huge]),
      fileName: 'huge.svg',
      ...signedFields(harness),
    });
    const response = await fetch(`${String(body.url)}?tr=w-100`);

    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message:
        'The image is 11000x10000 pixels; ImageKit transforms images of up to 100 megapixels.',
      help: HELP,
    });
  });

  it('refuses an animation whose frames together would be over 100 megapixels', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'animated.gif');
    const response = await fetch(`${String(body.url)}?tr=w-2100,h-2100`);

    assert.equal(response.status, 400);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The transformed animation would be 24 frames of 2100x2100 pixels; the local ImageKit ' +
        'renders up to 100 megapixels across all frames.',
    );
  });
});
