import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { postUpload, signedFields, startHarness } from './local-imagekit.helpers.ts';

const LIMIT = 25 * 1024 * 1024;

describe('local ImageKit default size limit', () => {
  it('accepts a file of exactly 25 MB (26214400 bytes) by default', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await postUpload(harness, {
      file: new Blob([new Uint8Array(LIMIT)]),
      fileName: 'exactly-25mb.bin',
      ...signedFields(harness),
    });

    assert.equal(status, 200);
    assert.equal(body.size, LIMIT);
  });

  it('refuses a file one byte over 25 MB by default with ImageKit’s message', async (t) => {
    const harness = await startHarness(t);
    const { status, body } = await postUpload(harness, {
      file: new Blob([new Uint8Array(LIMIT + 1)]),
      fileName: 'over-25mb.bin',
      ...signedFields(harness),
    });

    assert.equal(status, 400);
    assert.deepEqual(body, {
      message: 'Your request contains invalid file parameter. The file size exceeds limits.',
      help: 'For support kindly contact us at support@imagekit.io .',
    });
  });
});
