import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import { startHarness, uploadFixture, type Harness } from './local-imagekit.helpers.ts';

async function uploadPrivate(harness: Harness): Promise<string> {
  const { status, body } = await uploadFixture(harness, 'rocket.jpg', { isPrivateFile: 'true' });
  assert.equal(status, 200);
  return String(body.filePath);
}

describe('local ImageKit private files', () => {
  it('refuses an unsigned URL to a private file with 401', async (t) => {
    const harness = await startHarness(t);
    const filePath = await uploadPrivate(harness);
    const response = await fetch(`${harness.imagekit.urlEndpoint}${filePath}`);

    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'This file is private: request it with a signed URL.',
    );
  });

  it('serves a private file at a URL signed by the official SDK', async (t) => {
    const harness = await startHarness(t);
    const filePath = await uploadPrivate(harness);
    const url = harness.client.helper.buildSrc({
      urlEndpoint: harness.imagekit.urlEndpoint,
      src: filePath,
      transformation: [{ width: 100, height: 50 }],
      expiresIn: 300,
    });
    const response = await fetch(url);

    assert.equal(response.status, 200);
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.deepEqual([meta.width, meta.height], [100, 50]);
  });

  it('refuses a signed URL whose transformation was changed', async (t) => {
    const harness = await startHarness(t);
    const filePath = await uploadPrivate(harness);
    const url = harness.client.helper.buildSrc({
      urlEndpoint: harness.imagekit.urlEndpoint,
      src: filePath,
      transformation: [{ width: 100 }],
      signed: true,
    });
    const response = await fetch(url.replace('w-100', 'w-900'));

    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The URL signature (ik-s) is invalid.',
    );
  });

  it('refuses a correctly signed URL past its ik-t expiry', async (t) => {
    const harness = await startHarness(t);
    const filePath = await uploadPrivate(harness);
    const expiry = String(Math.floor(Date.now() / 1000) - 60);
    const signature = createHmac('sha1', harness.imagekit.privateKey)
      .update(filePath.slice(1) + expiry)
      .digest('hex');
    const url = `${harness.imagekit.urlEndpoint}${filePath}?ik-t=${expiry}&ik-s=${signature}`;
    const response = await fetch(url);

    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The signed URL has expired (ik-t is in the past).',
    );
  });
});
