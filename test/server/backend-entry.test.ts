import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);
const ENTRY = path.resolve(import.meta.dirname, '../../server/main.ts');
// Resolved here: the child runs in a folder of its own (no .env there), where "tsx" is unknown.
const TSX = import.meta.resolve('tsx');
// The entry opens a database and a local ImageKit before it fails; a hang would be the bug.
const TIMEOUT_MS = 60_000;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm start`'s entry with `env` (no .env file, no widget build) until it exits. */
async function runEntry(env: Record<string, string>, cwd: string): Promise<Exit> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, ENTRY], {
      cwd,
      env: { PATH: process.env.PATH, SERVE_DEMO: 'false', LOG_LEVEL: 'silent', ...env },
      timeout: TIMEOUT_MS,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : null,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** A port held by this process for the test's duration. */
async function occupiedPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return {
    port: (holder.address() as AddressInfo).port,
    release: () => new Promise((resolve) => holder.close(() => resolve())),
  };
}

function assertOneLine(exit: Exit, pattern: RegExp): void {
  assert.equal(exit.code, 1, `exit code; stderr: ${exit.stderr}`);
  const lines = exit.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${exit.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(exit.stderr, /^\s+at /m, 'no stack trace');
}

describe('npm start when something is in the way', { timeout: 4 * TIMEOUT_MS }, () => {
  let cwd: string;
  let held: Awaited<ReturnType<typeof occupiedPort>>;

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'backend-entry-'));
    held = await occupiedPort();
  });
  after(async () => {
    await held.release();
    await rm(cwd, { recursive: true, force: true });
  });

  test('names PORT in one line when the port is taken', async () => {
    const exit = await runEntry(
      { PORT: String(held.port), LOCAL_IMAGEKIT_PORT: '0', DATA_DIR: path.join(cwd, 'a') },
      cwd,
    );

    assertOneLine(
      exit,
      new RegExp(
        `^PORT: port ${held.port} on 127\\.0\\.0\\.1 is already in use.*set PORT to a free port`,
      ),
    );
  });

  test(
    'names LOCAL_IMAGEKIT_PORT in one line ' + 'when the local ImageKit’s port is taken',
    async () => {
      const exit = await runEntry(
        { PORT: '0', LOCAL_IMAGEKIT_PORT: String(held.port), DATA_DIR: path.join(cwd, 'b') },
        cwd,
      );

      assertOneLine(
        exit,
        new RegExp(`^LOCAL_IMAGEKIT_PORT: port ${held.port} on 127\\.0\\.0\\.1 is already in use`),
      );
    },
  );

  test(
    'names DATABASE_URL with its host ' + 'and port only when the database is unreachable',
    async () => {
      const exit = await runEntry(
        {
          PORT: '0',
          LOCAL_IMAGEKIT_PORT: '0',
          DATA_DIR: path.join(cwd, 'c'),
          DATABASE_URL: `postgresql://bob:hunter2@127.0.0.1:${held.port}/app?password=hunter2`,
          // A relay on the held port, which speaks no WebSocket: refused at once.
          NEON_WS_PROXY: `127.0.0.1:9/v1?address={host}:{port}`,
        },
        cwd,
      );

      assertOneLine(
        exit,
        new RegExp(
          `^DATABASE_URL: could not open the database at ` +
            `postgresql://127\\.0\\.0\\.1:${held.port} .*Check that it is running`,
        ),
      );
      assert.ok(!exit.stderr.includes('hunter2'), exit.stderr);
      assert.ok(!exit.stderr.includes('bob'), exit.stderr);
    },
  );

  test('still names each bad variable in one message for a bad configuration', async () => {
    const exit = await runEntry({ PORT: 'eighty', DATA_DIR: path.join(cwd, 'd') }, cwd);

    assert.equal(exit.code, 1);
    assert.match(exit.stderr, /^Invalid configuration:\n {2}PORT: must be a port number/);
    assert.doesNotMatch(exit.stderr, /^\s+at /m);
  });
});
