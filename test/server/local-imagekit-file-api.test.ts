import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { APIError } from '@imagekit/nodejs';

import { startHarness, uploadFixture, type Harness } from './local-imagekit.helpers.ts';

async function upload(harness: Harness, name: string, folder = '/'): Promise<string> {
  const { status, body } = await uploadFixture(harness, name, { folder });
  assert.equal(status, 200);
  return String(body.fileId);
}

async function sdkError(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  assert.fail('expected the SDK call to fail');
}

describe('local ImageKit file API', () => {
  it('gives file details with ImageKit field names through the official SDK', async (t) => {
    const harness = await startHarness(t);
    const { body: uploaded } = await uploadFixture(harness, 'rocket.jpg', {
      tags: 'space',
      customMetadata: JSON.stringify({ sku: 'R-1' }),
    });

    const details = await harness.client.files.get(String(uploaded.fileId));
    assert.deepEqual(
      { ...details, createdAt: undefined, updatedAt: undefined },
      {
        fileId: uploaded.fileId,
        type: 'file',
        name: uploaded.name,
        filePath: uploaded.filePath,
        tags: ['space'],
        AITags: null,
        versionInfo: uploaded.versionInfo,
        isPrivateFile: false,
        isPublished: true,
        customCoordinates: null,
        url: uploaded.url,
        thumbnail: uploaded.thumbnailUrl,
        fileType: 'image',
        mime: 'image/jpeg',
        width: 640,
        height: 427,
        size: uploaded.size,
        hasAlpha: false,
        customMetadata: { sku: 'R-1' },
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.ok(!Number.isNaN(Date.parse(String(details.createdAt))));
    assert.equal(details.updatedAt, details.createdAt);
  });

  it('answers 404 with a JSON message for an unknown file id', async (t) => {
    const harness = await startHarness(t);
    const error = await sdkError(harness.client.files.get('0123456789abcdef01234567'));

    assert.equal(error.status, 404);
    assert.deepEqual(error.error, {
      message: 'The requested file does not exist.',
      help: 'For support kindly contact us at support@imagekit.io .',
    });
  });

  it(
    'deletes a file with 204 through the SDK; ' + 'it is then gone from details and delivery',
    async (t) => {
      const harness = await startHarness(t);
      const { body } = await uploadFixture(harness, 'rocket.jpg');

      const response = await harness.client.files.delete(String(body.fileId)).asResponse();
      assert.equal(response.status, 204);
      assert.equal((await sdkError(harness.client.files.get(String(body.fileId)))).status, 404);
      const delivered = await fetch(String(body.url));
      assert.equal(delivered.status, 404);
      assert.match(String(((await delivered.json()) as { message: string }).message), /not exist/);
    },
  );

  it('answers 404 when deleting an unknown file id', async (t) => {
    const harness = await startHarness(t);
    const error = await sdkError(harness.client.files.delete('0123456789abcdef01234567'));

    assert.equal(error.status, 404);
  });

  it('lists files through assets.list with limit and skip', async (t) => {
    const harness = await startHarness(t);
    const ids = [];
    for (const name of ['rocket.jpg', 'chelsea.png', 'document.pdf']) {
      ids.push(await upload(harness, name));
    }

    const all = await harness.client.assets.list();
    assert.deepEqual(
      all.map((file) => ('fileId' in file ? file.fileId : undefined)),
      ids,
    );
    const page = await harness.client.assets.list({ limit: 1, skip: 1 });
    assert.deepEqual(
      page.map((file) => ('fileId' in file ? file.fileId : undefined)),
      [ids[1]],
    );
  });

  it(
    'lists only the files directly in the folder given as path, ' + 'not in its subfolders',
    async (t) => {
      const harness = await startHarness(t);
      await upload(harness, 'rocket.jpg', '/a');
      const inB = await upload(harness, 'chelsea.png', '/b');
      await upload(harness, 'coffee.png', '/b/c');

      const listed = await harness.client.assets.list({ path: '/b' });
      assert.deepEqual(
        listed.map((file) => ('fileId' in file ? file.fileId : undefined)),
        [inB],
      );
    },
  );

  it('refuses a list limit out of range with 400', async (t) => {
    const harness = await startHarness(t);
    const error = await sdkError(harness.client.assets.list({ limit: 0 }));

    assert.equal(error.status, 400);
    assert.match(JSON.stringify(error.error), /invalid limit/);
  });

  it('answers 401 without authentication', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.apiBaseUrl}/v1/files`);

    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'Your request does not contain private API key.',
    );
  });

  it('answers 403 to a wrong private key through the SDK', async (t) => {
    const harness = await startHarness(t);
    const { default: ImageKit } = await import('@imagekit/nodejs');
    const wrong = new ImageKit({
      privateKey: 'private_wrong',
      baseURL: harness.imagekit.apiBaseUrl,
      maxRetries: 0,
    });
    const error = await sdkError(wrong.assets.list());

    assert.equal(error.status, 403);
    assert.match(JSON.stringify(error.error), /cannot be authenticated/);
  });

  it('keeps files and records across a restart', async (t) => {
    const first = await startHarness(t);
    const { body } = await uploadFixture(first, 'rocket.jpg');
    await first.imagekit.close();

    const second = await startHarness(t, { dataDir: first.dataDir });
    const details = await second.client.files.get(String(body.fileId));
    assert.equal(details.filePath, body.filePath);
    const path = String(body.filePath);
    const delivered = await fetch(`${second.imagekit.urlEndpoint}${path}`);
    assert.equal(delivered.status, 200);
    assert.equal(Number(delivered.headers.get('content-length')), body.size);
  });
});
