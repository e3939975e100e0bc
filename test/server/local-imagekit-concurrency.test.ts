import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { fixture, startHarness, tempDataDir, uploadFixture } from './local-imagekit.helpers.ts';

const KEEP_NAME = { useUniqueFileName: 'false' };
const NEVER_REPLACE = { useUniqueFileName: 'false', overwriteFile: 'false' };

/** A stored record as records.json holds it, for data written by an earlier version. */
function storedRecord(fileId: string, filePath: string, size: number): Record<string, unknown> {
  return {
    fileId,
    name: filePath.slice(1),
    filePath,
    size,
    fileType: 'image',
    mime: 'image/jpeg',
    width: 640,
    height: 427,
    hasAlpha: false,
    tags: null,
    isPrivateFile: false,
    customCoordinates: null,
    customMetadata: {},
    versionId: `${fileId}v`,
    versionNumber: 1,
    sha1: '0'.repeat(40),
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

describe('local ImageKit with uploads and deletes at once', () => {
  it('refuses the second of two concurrent uploads that may not replace each other', async (t) => {
    const harness = await startHarness(t);
    const results = await Promise.all([
      uploadFixture(harness, 'rocket.jpg', NEVER_REPLACE),
      uploadFixture(harness, 'rocket.jpg', NEVER_REPLACE),
    ]);

    assert.deepEqual(results.map((result) => result.status).sort(), [200, 400]);
    const refused = results.find((result) => result.status === 400);
    assert.equal(
      refused?.body.message,
      'A file with the same name already exists at the exact location. We could not ' +
        'overwrite it because both overwriteFile and useUniqueFileName are set to false.',
    );
    const listed = await harness.client.assets.list();
    assert.deepEqual(
      listed.map((file) => ('filePath' in file ? file.filePath : undefined)),
      ['/rocket.jpg'],
    );
  });

  it('makes two concurrent replacing uploads versions 1 and 2 of one file', async (t) => {
    const harness = await startHarness(t);
    const results = await Promise.all([
      uploadFixture(harness, 'rocket.jpg', KEEP_NAME),
      uploadFixture(harness, 'rocket.jpg', KEEP_NAME),
    ]);

    assert.deepEqual(
      results.map((result) => result.status),
      [200, 200],
    );
    assert.equal(results[0]?.body.fileId, results[1]?.body.fileId);
    const versions = results.map((result) => (result.body.versionInfo as { name: string }).name);
    assert.deepEqual(versions.sort(), ['Version 1', 'Version 2']);
    assert.equal((await harness.client.assets.list()).length, 1);
  });

  it('keeps the bytes on disk when another record still has the deleted file’s path', async (t) => {
    // An earlier version could leave two records at one path; deleting one must not break the
    // other.
    const dataDir = await tempDataDir(t);
    const bytes = await fixture('rocket.jpg');
    const folder = join(dataDir, 'local-imagekit');
    await mkdir(join(folder, 'files'), { recursive: true });
    await writeFile(join(folder, 'files', 'rocket.jpg'), bytes);
    const records = [
      storedRecord('aaaaaaaaaaaaaaaaaaaaaaaa', '/rocket.jpg', bytes.length),
      storedRecord('bbbbbbbbbbbbbbbbbbbbbbbb', '/rocket.jpg', bytes.length),
    ];
    await writeFile(join(folder, 'records.json'), JSON.stringify(records));
    const harness = await startHarness(t, { dataDir });

    await harness.client.files.delete('aaaaaaaaaaaaaaaaaaaaaaaa');
    const delivered = await fetch(`${harness.imagekit.urlEndpoint}/rocket.jpg`);
    assert.equal(delivered.status, 200);
    assert.deepEqual(Buffer.from(await delivered.arrayBuffer()), bytes);
  });

  it('answers 404 with JSON when a recorded file is missing from disk', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg', KEEP_NAME);
    await rm(join(harness.dataDir, 'local-imagekit', 'files', 'rocket.jpg'));

    const response = await fetch(String(body.url));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      message: 'The requested file does not exist.',
      help: 'For support kindly contact us at support@imagekit.io .',
    });
  });

  it('answers 404 with JSON when a transformed file is missing from disk', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg', KEEP_NAME);
    await rm(join(harness.dataDir, 'local-imagekit', 'files', 'rocket.jpg'));

    const response = await fetch(`${String(body.url)}?tr=w-100`);
    assert.equal(response.status, 404);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The requested file does not exist.',
    );
  });
});
