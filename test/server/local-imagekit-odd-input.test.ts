import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  fixture,
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  type Harness,
  HELP,
  NAME_TOO_LONG,
} from './local-imagekit.helpers.ts';

/** Every file under the stand-in's files folder, as paths relative to it. */
async function filesOnDisk(harness: Harness): Promise<string[]> {
  const root = join(harness.dataDir, 'local-imagekit', 'files');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('local ImageKit with odd input', () => {
  it('answers a delivery URL with broken percent-encoding with a JSON 400', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.urlEndpoint}/photos/%E0%A4%A.jpg`);

    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message: 'The requested URL is not valid: its path has broken percent-encoding.',
      help: HELP,
    });
  });

  it('refuses a file name longer than 200 bytes with a JSON 400', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      fileName: `${'a'.repeat(250)}.jpg`,
      useUniqueFileName: 'false',
    });

    assert.equal(status, 400);
    assert.deepEqual(body, NAME_TOO_LONG);
  });

  it('refuses a folder name longer than 200 bytes with a JSON 400', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      folder: `/ok/${'f'.repeat(300)}/`,
    });

    assert.equal(status, 400);
    assert.deepEqual(body, {
      message:
        'Your request contains invalid folder parameter. The local ImageKit accepts folder ' +
        'names of up to 200 bytes of UTF-8 and folder paths of up to 1000.',
      help: HELP,
    });
  });

  it('refuses a folder path longer than 1000 characters with a JSON 400', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
      folder: Array.from({ length: 6 }, () => 'f'.repeat(190)).join('/'),
    });

    assert.equal(status, 400);
    assert.match(String(body.message), /folder paths of up to 1000/);
  });

  it('refuses a file field that is text but neither base64 nor a URL', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await postUpload(harness, {
      file: 'C:\\Users\\me\\photo.jpg',
      fileName: 'photo.jpg',
      ...signedFields(harness),
    });

    assert.equal(status, 400);
    assert.deepEqual(body, {
      message:
        'Your request contains invalid file parameter. A file sent as text must be base64-encoded.',
      help: HELP,
    });
  });

  it('accepts a base64 file field wrapped over lines as MIME writes it', async (t) => {
    const harness = await startHarness(t);
    const bytes = await fixture('rocket.jpg');
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const { status, body } = await postUpload(harness, {
      file: wrapped,
      fileName: 'rocket.jpg',
      ...signedFields(harness),
    });

    assert.equal(status, 200);
    assert.equal(body.size, bytes.length);
  });

  it(
    'answers 409 when a folder would take the place of a file, ' + 'leaving no temporary file',
    async (t) => {
      const harness = await startHarness(t);
      const file = await uploadFixture(harness, 'rocket.jpg', {
        fileName: 'shoes',
        useUniqueFileName: 'false',
      });
      assert.equal(file.status, 200);

      const { status, body } = await uploadFixture(harness, 'rocket.jpg', { folder: '/shoes' });
      assert.equal(status, 409);
      assert.deepEqual(body, {
        message:
          'The local ImageKit cannot store /shoes/ as a folder: a file has that path. It keeps ' +
          'files and folders in one namespace on disk.',
        help: HELP,
      });
      assert.deepEqual(await filesOnDisk(harness), ['shoes']);
    },
  );

  it(
    'answers 409 when a file would take the place of a folder, ' + 'leaving no temporary file',
    async (t) => {
      const harness = await startHarness(t);
      const inFolder = await uploadFixture(harness, 'rocket.jpg', {
        folder: '/shoes',
        useUniqueFileName: 'false',
      });
      assert.equal(inFolder.status, 200);

      const { status, body } = await uploadFixture(harness, 'rocket.jpg', {
        fileName: 'shoes',
        useUniqueFileName: 'false',
      });
      assert.equal(status, 409);
      assert.deepEqual(body, {
        message:
          'The local ImageKit cannot store /shoes as a file: a folder has that path. It keeps ' +
          'files and folders in one namespace on disk.',
        help: HELP,
      });
      assert.deepEqual(await filesOnDisk(harness), ['shoes/rocket.jpg']);
    },
  );
});
