import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { startLocalImageKit } from '../../server/local-imagekit/index.ts';
import { startHarness, tempDataDir, uploadFixture } from './local-imagekit.helpers.ts';

/** Starts a stand-in that is expected to fail; one that starts anyway is closed at once. */
async function startExpectingFailure(dataDir: string, port: number): Promise<void> {
  const started = await startLocalImageKit({ dataDir, port });
  await started.close();
}

describe('local ImageKit data folder lock', () => {
  it('refuses to start on a data folder another stand-in holds, naming the folder', async (t) => {
    const first = await startHarness(t);
    const folder = join(first.dataDir, 'local-imagekit');

    await assert.rejects(startExpectingFailure(first.dataDir, 0), (error) => {
      assert.ok(error instanceof Error);
      assert.ok(error.message.includes(folder), error.message);
      assert.match(error.message, /in use by another/);
      return true;
    });
  });

  it('starts on the folder again once the holder has closed', async (t) => {
    const first = await startHarness(t);
    const { body } = await uploadFixture(first, 'rocket.jpg');
    await first.imagekit.close();

    const second = await startHarness(t, { dataDir: first.dataDir });
    const details = await second.client.files.get(String(body.fileId));
    assert.equal(details.filePath, body.filePath);
  });

  it('leaves the folder free when it could not start', async (t) => {
    const dataDir = await tempDataDir(t);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;

    await assert.rejects(startExpectingFailure(dataDir, port), { code: 'EADDRINUSE' });
    const started = await startLocalImageKit({ dataDir, port: 0 });
    await started.close();
  });

  it('starts and stops on one folder many times in a row', async (t) => {
    const dataDir = await tempDataDir(t);
    for (let round = 0; round < 5; round += 1) {
      const imagekit = await startLocalImageKit({ dataDir, port: 0 });
      await imagekit.close();
    }
  });
});
