import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { postUpload, signedFields, startHarness, fixture } from './local-imagekit.helpers.ts';

/** Every file under `folder`, as relative paths, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath.slice(folder.length)}/${entry.name}`)
    .sort();
}

describe('local ImageKit close()', () => {
  it('returns only once uploads still being handled have finished writing', async (t) => {
    // The upload is held past the moment close() cuts its connection.
    const harness = await startHarness(t, { faults: { latencyMs: 1500 } });
    const bytes = await fixture('rocket.jpg');
    const upload = postUpload(harness, {
      file: new Blob([new Uint8Array(bytes)]),
      fileName: 'late.jpg',
      ...signedFields(harness),
    }).catch((error: unknown) => error);
    // By then the stand-in has the small body and sits in its latency.
    await new Promise((resolve) => setTimeout(resolve, 500));

    await harness.imagekit.close();
    const atClose = await filesUnder(harness.dataDir);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const later = await filesUnder(harness.dataDir);

    assert.deepEqual(later, atClose, 'nothing was written after close()');
    assert.equal(harness.imagekit.stats().uploads, 1, 'the held upload was stored before close()');
    assert.ok(
      atClose.some((file) => file.endsWith('.jpg')),
      atClose.join(', '),
    );
    await upload;
  });
});
