import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { toFile } from '@imagekit/nodejs';

import { signUpload } from '../../server/local-imagekit/auth.ts';
import {
  fixture,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  HELP,
} from './local-imagekit.helpers.ts';

async function rocketBlob(): Promise<Blob> {
  return new Blob([new Uint8Array(await fixture('rocket.jpg'))]);
}

describe('local ImageKit upload authentication', () => {
  it('signs as ImageKit documents: HMAC-SHA1 of token + expire', () => {
    assert.equal(
      signUpload('private_key_test', 'your_token', '1582269249'),
      'e71bcd6031016b060d349d212e23e85c791decdd',
    );
  });

  it('refuses a request without a file', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await postUpload(harness, {
      fileName: 'x.jpg',
      ...signedFields(harness),
    });

    assert.equal(status, 400);
    assert.deepEqual(body, { message: 'Your request is missing file parameter.', help: HELP });
  });

  it('refuses an empty file', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'empty.jpg');

    assert.equal(status, 400);
    assert.match(String(body.message), /invalid file parameter\. The file is empty/);
  });

  it('refuses a request without fileName', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await postUpload(harness, {
      file: await rocketBlob(),
      ...signedFields(harness),
    });

    assert.equal(status, 400);
    assert.equal(body.message, 'Your request is missing fileName parameter.');
  });

  it('refuses a token used before and counts the attempt', async (t) => {
    const harness = await startHarness(t);
    const signed = signedFields(harness);
    assert.equal((await uploadFixture(harness, 'rocket.jpg', signed)).status, 200);

    const { status, body } = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(status, 400);
    assert.deepEqual(body, {
      message:
        `The token with value '${signed.token}' has been used before. We suggest using V4 ` +
        `UUIDs, or another random string with enough entropy to avoid collisions.`,
      help: HELP,
    });
    assert.equal(harness.imagekit.stats().tokenReuseAttempts, 1);
  });

  it('lets only one of two concurrent uploads with the same token through', async (t) => {
    const harness = await startHarness(t);
    const signed = signedFields(harness);
    const results = await Promise.all([
      uploadFixture(harness, 'rocket.jpg', signed),
      uploadFixture(harness, 'rocket.jpg', signed),
    ]);

    assert.deepEqual(results.map((result) => result.status).sort(), [200, 400]);
    assert.equal(harness.imagekit.stats().tokenReuseAttempts, 1);
  });

  it('spends a token even when its request fails for another reason', async (t) => {
    const harness = await startHarness(t);
    const signed = signedFields(harness);
    const failed = await postUpload(harness, { ...signed, fileName: 'x.jpg' });
    assert.equal(failed.status, 400);

    const { status, body } = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(status, 400);
    assert.match(String(body.message), /has been used before/);
  });

  it('remembers used tokens across a restart', async (t) => {
    const first = await startHarness(t);
    const signed = signedFields(first);
    assert.equal((await uploadFixture(first, 'rocket.jpg', signed)).status, 200);
    await first.imagekit.close();

    const second = await startHarness(t, { dataDir: first.dataDir });
    const { status, body } = await uploadFixture(second, 'rocket.jpg', signed);
    assert.equal(status, 400);
    assert.match(String(body.message), /has been used before/);
  });

  it('refuses a request without a public key', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { publicKey: undefined });

    assert.equal(status, 400);
    assert.deepEqual(body, { message: 'Your request is missing publicKey parameter.', help: HELP });
  });

  it('refuses the right signature written in uppercase hex', async (t) => {
    const harness = await startHarness(t);
    const signed = signedFields(harness);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      ...signed,
      signature: signed.signature.toUpperCase(),
    });

    assert.equal(status, 400);
    assert.match(String(body.message), /invalid signature parameter/);
  });

  it('refuses a public key that is not the account’s with 403', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      publicKey: 'public_someone_else',
    });

    assert.equal(status, 403);
    assert.deepEqual(body, { message: 'Your account cannot be authenticated.', help: HELP });
  });

  it('refuses a wrong signature', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      signature: signUpload('not-the-private-key', 'x', '1'),
    });

    assert.equal(status, 400);
    assert.match(String(body.message), /invalid signature parameter/);
  });

  it('refuses a request without a signature', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { signature: undefined });

    assert.equal(status, 400);
    assert.equal(body.message, 'Your request is missing signature parameter.');
  });

  it('refuses a request without a token', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', { token: undefined });

    assert.equal(status, 400);
    assert.equal(body.message, 'Your request is missing token parameter.');
  });

  it('refuses a file over the size limit', async (t) => {
    const harness = await startHarness(t, { maxFileSize: 50_000 });
    const { status, body } = await uploadFixture(harness, 'rocket.jpg');

    assert.equal(status, 400);
    assert.deepEqual(body, {
      message: 'Your request contains invalid file parameter. The file size exceeds limits.',
      help: HELP,
    });
  });

  it('refuses a body far over the limit without keeping it, spending its token', async (t) => {
    const harness = await startHarness(t, { maxFileSize: 1000 });
    const signed = signedFields(harness);
    const big = new Blob([new Uint8Array(3 * 1024 * 1024)]);
    const tooBig = await postUpload(harness, { ...signed, fileName: 'big.bin', file: big });
    assert.equal(tooBig.status, 400);
    assert.match(String(tooBig.body.message), /file size exceeds limits/);

    const reuse = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(reuse.status, 400);
    assert.match(String(reuse.body.message), /has been used before/);
  });

  it('refuses signature and Basic auth together', async (t) => {
    const harness = await startHarness(t);
    const basic = `Basic ${Buffer.from(`${harness.imagekit.privateKey}:`).toString('base64')}`;
    const { status, body } = await postUpload(
      harness,
      { file: await rocketBlob(), fileName: 'rocket.jpg', ...signedFields(harness) },
      { authorization: basic },
    );

    assert.equal(status, 400);
    assert.equal(
      body.message,
      'Your request contains both signature and basic auth parameter. Use only one method, ' +
        'you might be exposing your private API key.',
    );
  });

  it('accepts a server-side upload from the official SDK with Basic auth', async (t) => {
    const harness = await startHarness(t);
    const uploaded = await harness.client.files.upload({
      file: await toFile(await fixture('rocket.jpg'), 'rocket.jpg'),
      fileName: 'rocket.jpg',
      folder: '/sdk',
    });

    assert.match(String(uploaded.fileId), /^[0-9a-f]{24}$/);
    assert.match(String(uploaded.filePath), /^\/sdk\/rocket_[A-Za-z0-9]+\.jpg$/);
  });

  it('refuses Basic auth with a wrong private key with 403', async (t) => {
    const harness = await startHarness(t);
    const basic = `Basic ${Buffer.from('private_wrong:').toString('base64')}`;
    const { status, body } = await postUpload(
      harness,
      { file: await rocketBlob(), fileName: 'rocket.jpg' },
      { authorization: basic },
    );

    assert.equal(status, 403);
    assert.equal(body.message, 'Your account cannot be authenticated.');
  });
});
