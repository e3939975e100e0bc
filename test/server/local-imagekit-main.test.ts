import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';

import { loadOrCreateLocalKeys } from '../../server/local-imagekit/index.ts';
import { mainOptions } from '../../server/local-imagekit/main-options.ts';
import {
  onTestEnd,
  startHarness,
  tempDataDir,
  uploadFixture,
  type Harness,
} from './local-imagekit.helpers.ts';

const MAIN = new URL('../../server/local-imagekit/main.ts', import.meta.url);

interface Run {
  /** Set once it listens; undefined when it exited first. */
  origin: string | undefined;
  output: string;
  exitCode: number | null;
}

/**
 * Runs `npm run imagekit:local` as a child until it listens or exits; stopped when the test ends.
 */
async function runMain(t: TestContext, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN.pathname], {
    env: { ...process.env, LOCAL_IMAGEKIT_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  onTestEnd(t, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  });

  let output = '';
  const listening = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('max size:')) resolve();
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await Promise.race([listening, exited]);

  const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  return { origin, output, exitCode: child.exitCode };
}

/** A harness pointed at a stand-in that another process runs. */
function harnessFor(local: Harness, origin: string): Harness {
  const imagekit = { ...local.imagekit, uploadUrl: `${origin}/api/v1/files/upload` };
  return { ...local, imagekit };
}

describe('npm run imagekit:local', () => {
  it('prints its URLs and public key on start, never the private key', async (t) => {
    const dataDir = await tempDataDir(t);
    const keys = await loadOrCreateLocalKeys(dataDir);
    const { origin, output } = await runMain(t, { DATA_DIR: dataDir });

    assert.ok(origin, output);
    assert.match(output, new RegExp(`upload URL: +${origin}/api/v1/files/upload`));
    assert.match(output, new RegExp(`URL endpoint: +${origin}/local`));
    assert.match(output, new RegExp(`public key: +${keys.publicKey}`));
    assert.equal(output.includes(keys.privateKey), false);
  });

  it('refuses uploads over LOCAL_IMAGEKIT_MAX_FILE_SIZE', async (t) => {
    const dataDir = await tempDataDir(t);
    const keys = await loadOrCreateLocalKeys(dataDir);
    const { origin, output } = await runMain(t, {
      DATA_DIR: dataDir,
      LOCAL_IMAGEKIT_MAX_FILE_SIZE: '1000',
    });
    assert.ok(origin, output);

    // The signing keys are the child's, read from the same folder; the upload goes to the child.
    const local = await startHarness(t, { ...keys, dataDir: await tempDataDir(t) });
    const { status, body } = await uploadFixture(harnessFor(local, origin), 'rocket.jpg');
    assert.equal(status, 400);
    assert.equal(
      body.message,
      'Your request contains invalid file parameter. The file size exceeds limits.',
    );
  });

  it('exits with one line naming the folder when another stand-in holds it', async (t) => {
    const holder = await startHarness(t);
    const { exitCode, output } = await runMain(t, { DATA_DIR: holder.dataDir });

    assert.equal(exitCode, 1);
    assert.ok(output.includes(join(holder.dataDir, 'local-imagekit')), output);
    assert.equal(output.includes('    at '), false, 'no stack trace');
  });

  it('exits naming LOCAL_IMAGEKIT_MAX_FILE_SIZE when it is not a number of bytes', async (t) => {
    const dataDir = await tempDataDir(t);
    const { exitCode, output } = await runMain(t, {
      DATA_DIR: dataDir,
      LOCAL_IMAGEKIT_MAX_FILE_SIZE: '25MB',
    });

    assert.equal(exitCode, 1);
    assert.equal(
      output.trim(),
      "LOCAL_IMAGEKIT_MAX_FILE_SIZE must be a whole number of bytes, at least 1, got '25MB'",
    );
  });
});

describe('imagekit:local settings', () => {
  it('defaults to ./.data, port 3001, 127.0.0.1 and 25 MB', () => {
    assert.deepEqual(mainOptions({}), {
      dataDir: './.data',
      port: 3001,
      hostname: '127.0.0.1',
      maxFileSize: 26_214_400,
    });
  });

  it('reads DATA_DIR, LOCAL_IMAGEKIT_PORT, HOST and LOCAL_IMAGEKIT_MAX_FILE_SIZE', () => {
    const env = {
      DATA_DIR: '/srv/data',
      LOCAL_IMAGEKIT_PORT: '4001',
      HOST: '0.0.0.0',
      LOCAL_IMAGEKIT_MAX_FILE_SIZE: '110000000',
    };

    assert.deepEqual(mainOptions(env), {
      dataDir: '/srv/data',
      port: 4001,
      hostname: '0.0.0.0',
      maxFileSize: 110_000_000,
    });
  });

  it('takes a blank variable as unset, as the server does', () => {
    const options = mainOptions({ LOCAL_IMAGEKIT_MAX_FILE_SIZE: ' ', LOCAL_IMAGEKIT_PORT: '' });

    assert.equal(options.maxFileSize, 26_214_400);
    assert.equal(options.port, 3001);
  });

  it('refuses a max file size of 0', () => {
    assert.throws(() => mainOptions({ LOCAL_IMAGEKIT_MAX_FILE_SIZE: '0' }), {
      message: "LOCAL_IMAGEKIT_MAX_FILE_SIZE must be a whole number of bytes, at least 1, got '0'",
    });
  });

  it('refuses a port out of range, naming LOCAL_IMAGEKIT_PORT', () => {
    assert.throws(() => mainOptions({ LOCAL_IMAGEKIT_PORT: '70000' }), {
      message: "LOCAL_IMAGEKIT_PORT must be a port number (0-65535), got '70000'",
    });
  });
});
