import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { LOCAL_IMAGEKIT_ENTRY, SERVER_ENTRY, startEntry } from '../helpers/entry-process.ts';
import type { TestContext } from 'node:test';
import type { EntryProcess } from '../helpers/entry-process.ts';

// Without the demo page (SERVE_DEMO=false) the line names the API instead.
const RUNNING = /imagekit-uploader is running: API at (\S+)\/ \(no demo page/;
const LISTENING = /max size:/;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'backend-restart-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** `npm start` on `dataDir` in local mode, without the demo page; killed when the test ends. */
async function npmStart(t: TestContext, dataDir: string): Promise<EntryProcess> {
  const env = { DATA_DIR: dataDir, PORT: '0', SERVE_DEMO: 'false', LOG_LEVEL: 'silent' };
  const entry = await startEntry(SERVER_ENTRY, { env, cwd: dataDir, ready: RUNNING });
  t.after(() => entry.stop('SIGKILL'));
  return entry;
}

/** `npm run imagekit:local` on `dataDir`; killed when the test ends. */
async function localImageKit(t: TestContext, dataDir: string): Promise<EntryProcess> {
  const env = { DATA_DIR: dataDir, LOCAL_IMAGEKIT_PORT: '0' };
  const entry = await startEntry(LOCAL_IMAGEKIT_ENTRY, { env, cwd: dataDir, ready: LISTENING });
  t.after(() => entry.stop('SIGKILL'));
  return entry;
}

describe('restarting after a crash', { timeout: 120_000 }, () => {
  test(
    'npm start starts again at once ' + 'after the previous one was killed with SIGKILL',
    async (t) => {
      const dataDir = await tempDir(t);
      const crashed = await npmStart(t, dataDir);
      assert.match(crashed.output(), RUNNING);
      await crashed.stop('SIGKILL');

      const restarted = await npmStart(t, dataDir);

      const url = RUNNING.exec(restarted.output())?.[1];
      assert.ok(url, `not running; output:\n${restarted.output()}`);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { database?: string }).database, 'ok');
    },
  );

  test(
    'a second npm start beside a live one stops, ' + 'naming the first one and the lock',
    async (t) => {
      const dataDir = await tempDir(t);
      const first = await npmStart(t, dataDir);

      const second = await npmStart(t, dataDir);

      assert.equal(await second.exited, 1, second.output());
      const lock = path.join(dataDir, 'pglite.lock');
      assert.ok(
        second
          .output()
          .includes(
            `The database folder ${path.join(dataDir, 'pglite')} is in use by another process ` +
              `(PID ${first.pid} on this host, lock ${lock}).`,
          ),
        second.output(),
      );
      const stillUp = await fetch(`${RUNNING.exec(first.output())![1]}/healthz`);
      assert.equal(stillUp.status, 200, 'the first one still runs');
      await stillUp.arrayBuffer();
    },
  );

  test('the local ImageKit starts again at once after it was killed with SIGKILL', async (t) => {
    const dataDir = await tempDir(t);
    const crashed = await localImageKit(t, dataDir);
    assert.match(crashed.output(), LISTENING);
    await crashed.stop('SIGKILL');

    const restarted = await localImageKit(t, dataDir);

    assert.match(restarted.output(), LISTENING, restarted.output());
  });

  test('a second local ImageKit beside a live one stops, naming the first one', async (t) => {
    const dataDir = await tempDir(t);
    const first = await localImageKit(t, dataDir);

    const second = await localImageKit(t, dataDir);

    assert.equal(await second.exited, 1, second.output());
    const folder = path.join(dataDir, 'local-imagekit');
    assert.ok(
      second
        .output()
        .includes(
          `The local ImageKit folder ${folder} is in use by another local ImageKit ` +
            `(PID ${first.pid} on this host, lock ${folder}.lock).`,
        ),
      second.output(),
    );
  });
});
