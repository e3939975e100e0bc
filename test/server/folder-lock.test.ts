import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { describeLock, FolderHeldError, lockFolder } from '../../server/folder-lock.ts';
import type { TestContext } from 'node:test';

/** A fresh folder to lock, and the path of its lock. */
async function folderFor(t: TestContext): Promise<{ folder: string; lockPath: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'folder-lock-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const folder = path.join(root, 'data');
  return { folder, lockPath: `${folder}.lock` };
}

/** Locks `folder`, released when the test ends; a lost lock fails the test. */
async function lockForTest(t: TestContext, folder: string): Promise<() => Promise<void>> {
  const release = await lockFolder(folder, {
    onCompromised: (error) => assert.fail(`lock lost: ${error.message}`),
  });
  let released = false;
  t.after(() => (released ? undefined : release()));
  return async () => {
    released = true;
    await release();
  };
}

/** Leaves a lock as a process that died holding it would, with `holder` inside. */
async function leftLock(lockPath: string, holder: object, ageMs = 0): Promise<void> {
  await mkdir(lockPath, { recursive: true });
  await writeFile(path.join(lockPath, 'holder.json'), JSON.stringify(holder));
  const when = new Date(Date.now() - ageMs);
  await utimes(lockPath, when, when);
}

/** The PID of a process that has just exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

async function heldError(folder: string): Promise<FolderHeldError> {
  const error = await lockFolder(folder, { onCompromised: () => undefined }).then(
    async (release) => {
      await release();
      return assert.fail('the lock was taken');
    },
    (error: unknown) => error,
  );
  assert.ok(error instanceof FolderHeldError, String(error));
  return error;
}

describe('folder lock', { timeout: 60_000 }, () => {
  test(
    'records this PID and host name in the lock, ' + 'and leaves nothing once released',
    async (t) => {
      const { folder, lockPath } = await folderFor(t);

      const release = await lockForTest(t, folder);
      const holder: unknown = JSON.parse(
        await readFile(path.join(lockPath, 'holder.json'), 'utf8'),
      );
      await release();

      assert.deepEqual(holder, { pid: process.pid, hostname: os.hostname() });
      await assert.rejects(stat(lockPath), { code: 'ENOENT' });
    },
  );

  test('refuses a live holder, naming its PID on this host', async (t) => {
    const { folder, lockPath } = await folderFor(t);
    await lockForTest(t, folder);

    const error = await heldError(folder);

    assert.deepEqual(error.holder, { pid: process.pid, hostname: os.hostname() });
    assert.equal(describeLock(error), `PID ${process.pid} on this host, lock ${lockPath}`);
  });

  test('takes over at once a lock whose holder PID is gone', async (t) => {
    const { folder, lockPath } = await folderFor(t);
    await leftLock(lockPath, { pid: await deadPid(), hostname: os.hostname() });

    await lockForTest(t, folder);

    const holder: unknown = JSON.parse(await readFile(path.join(lockPath, 'holder.json'), 'utf8'));
    assert.deepEqual(holder, { pid: process.pid, hostname: os.hostname() });
  });

  test('refuses a fresh lock held on another host, whose PID it cannot check', async (t) => {
    const { folder, lockPath } = await folderFor(t);
    const pid = await deadPid();
    await leftLock(lockPath, { pid, hostname: 'elsewhere.example' });

    const error = await heldError(folder);

    assert.equal(describeLock(error), `PID ${pid} on host elsewhere.example, lock ${lockPath}`);
  });

  test('refuses a fresh lock without a holder file, and takes it over once stale', async (t) => {
    const { folder, lockPath } = await folderFor(t);
    await mkdir(lockPath);

    const error = await heldError(folder);
    const old = new Date(Date.now() - 20_000);
    await utimes(lockPath, old, old);

    assert.equal(error.holder, null);
    assert.equal(describeLock(error), `lock ${lockPath}`);
    await lockForTest(t, folder);
  });

  test('takes over a stale lock of another host, holder file and all', async (t) => {
    const { folder, lockPath } = await folderFor(t);
    await leftLock(lockPath, { pid: 1, hostname: 'elsewhere.example' }, 20_000);

    await lockForTest(t, folder);

    const holder: unknown = JSON.parse(await readFile(path.join(lockPath, 'holder.json'), 'utf8'));
    assert.deepEqual(holder, { pid: process.pid, hostname: os.hostname() });
  });

  test(
    'keeps the lock past its first refresh (the ' + 'holder file does not look like a takeover)',
    async (t) => {
      const { folder } = await folderFor(t);
      const release = await lockForTest(t, folder);

      // proper-lockfile refreshes the lock every 7.5 s and gives it up when its mtime changed.
      await sleep(8_500);

      await release();
    },
  );
});
