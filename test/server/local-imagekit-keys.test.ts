import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { loadOrCreateLocalKeys } from '../../server/local-imagekit/index.ts';
import { startHarness, tempDataDir } from './local-imagekit.helpers.ts';

describe('local ImageKit keys', () => {
  it('creates a key pair once and reads the same pair afterwards', async (t) => {
    const dataDir = await tempDataDir(t);
    const created = await loadOrCreateLocalKeys(dataDir);
    const again = await loadOrCreateLocalKeys(dataDir);

    assert.match(created.publicKey, /^public_local_[0-9a-f]{24}$/);
    assert.match(created.privateKey, /^private_local_[0-9a-f]{48}$/);
    assert.deepEqual(again, created);
  });

  it('keeps the key file readable by its owner only', async (t) => {
    const dataDir = await tempDataDir(t);
    await loadOrCreateLocalKeys(dataDir);
    const { mode } = await stat(join(dataDir, 'local-imagekit', 'keys.json'));

    assert.equal(mode & 0o777, 0o600);
  });

  it('hands out one pair to calls racing on a new data folder', async (t) => {
    const dataDir = await tempDataDir(t);
    const pairs = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateLocalKeys(dataDir)));

    for (const pair of pairs) assert.deepEqual(pair, pairs[0]);
  });

  it('uses the data folder’s keys when none are given', async (t) => {
    const harness = await startHarness(t);
    const keys = await loadOrCreateLocalKeys(harness.dataDir);

    assert.equal(harness.imagekit.publicKey, keys.publicKey);
    assert.equal(harness.imagekit.privateKey, keys.privateKey);
  });
});
