/**
 * Scenario 6: the private key and the upload tokens (and their signatures) the backend issues
 * appear in no response body but the one that issued them, in no line the server logs, and in
 * no built file, even when the key sits in the build's environment.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadOrCreateLocalKeys } from '../../server/local-imagekit/index.ts';
import { freePort, startWithNpm } from '../e2e/server-process.ts';
import { report, sized } from './scale.ts';
import type { StartedServer } from '../e2e/server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROCKET = path.join(ROOT, 'test/fixtures/rocket.jpg');
const ROUNDS = sized(10, 3);

interface Answer {
  what: string;
  body: string;
  /** Secrets this answer is allowed to carry: those it issued. */
  issued: string[];
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('secrets', () => {
  let dataDir: string;
  let server: StartedServer;
  let stopped = false;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'iku-secrets-'));
    server = await startWithNpm({
      PORT: String(await freePort()),
      LOCAL_IMAGEKIT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
    });
  });

  after(async () => {
    if (!stopped) await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the private key and issued tokens out of other answers and the logs', async (t) => {
    const { privateKey } = await loadOrCreateLocalKeys(dataDir);
    const answers: Answer[] = [];
    const secrets: string[] = [];
    let cookie = '';

    const call = async (what: string, target: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookie) headers.set('Cookie', cookie);
      const response = await fetch(`${server.url}${target}`, { ...init, headers });
      cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
      const body = await response.text();
      const issued: string[] = [];
      if (target.startsWith('/generate-auth-params') && response.ok) {
        const parsed = JSON.parse(body) as {
          token?: string;
          signature?: string;
          params?: Array<{ token: string; signature: string }>;
        };
        for (const set of parsed.params ?? [parsed]) issued.push(set.token!, set.signature!);
        secrets.push(...issued);
      }
      answers.push({ what, body, issued });
      return { status: response.status, body };
    };

    const bytes = new Uint8Array(await readFile(ROCKET));
    const upload = async (uploadUrl: string, publicKey: string, set: Record<string, unknown>) => {
      const form = new FormData();
      form.set('file', new Blob([bytes]), 'rocket.jpg');
      form.set('fileName', 'rocket.jpg');
      form.set('publicKey', publicKey);
      for (const name of ['token', 'expire', 'signature']) form.set(name, String(set[name]));
      const response = await fetch(uploadUrl, { method: 'POST', body: form });
      return { status: response.status, body: await response.text() };
    };

    for (let round = 0; round < ROUNDS; round += 1) {
      const one = JSON.parse((await call('auth params', '/generate-auth-params')).body);
      const batch = JSON.parse((await call('auth batch', '/generate-auth-params?count=5')).body);
      const uploaded = await upload(one.uploadUrl, one.publicKey, one);
      assert.equal(uploaded.status, 200, uploaded.body);
      // The same token again, and a signature ImageKit refuses.
      await upload(one.uploadUrl, one.publicKey, one);
      await upload(one.uploadUrl, one.publicKey, { ...batch.params[0], signature: 'x' });

      const saved = await call('save', '/save-metadata', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: uploaded.body,
      });
      assert.equal(saved.status, 201, saved.body);
      const fileId = (JSON.parse(uploaded.body) as { fileId: string }).fileId;

      // Secrets where a careless client puts them: the query string, a header, a body.
      await call('list', `/files?limit=5&cursor=${encodeURIComponent(one.token)}`);
      await call('token in a header', '/files', {
        headers: { Authorization: `Bearer ${one.token}` },
      });
      await call('token in a body', '/save-metadata', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fileId: one.token, url: one.signature, privateKey }),
      });
      await call('bad count', `/generate-auth-params?count=${one.token}`);
      await call('delete', `/files/${fileId}`, { method: 'DELETE' });
      await call('health', '/healthz');
    }
    await server.stop();
    stopped = true;

    const logLines = server.output().split('\n').filter(Boolean);
    const leaks: string[] = [];
    for (const answer of answers) {
      for (const secret of [privateKey, ...secrets]) {
        if (answer.body.includes(secret) && !answer.issued.includes(secret)) {
          leaks.push(`${answer.what} answer carries ${secret.slice(0, 12)}...`);
        }
      }
    }
    for (const line of logLines) {
      for (const secret of [privateKey, ...secrets]) {
        if (line.includes(secret))
          leaks.push(`log line carries ${secret.slice(0, 12)}...: ${line.slice(0, 100)}`);
      }
    }

    t.diagnostic(report('injected', { rounds: ROUNDS, secretsIssued: secrets.length }));
    t.diagnostic(
      report('counted', {
        answers: answers.length,
        logLines: logLines.length,
        leaks: leaks.length,
      }),
    );

    assert.ok(logLines.length > answers.length, 'the server logged every request');
    assert.ok(secrets.length >= ROUNDS * 12);
    assert.deepEqual(leaks, []);
  });

  it(
    'builds no file that carries the private key, ' + 'even with the key in the environment',
    async (t) => {
      const outDir = await mkdtemp(path.join(os.tmpdir(), 'iku-secrets-build-'));
      t.after(() => rm(outDir, { recursive: true, force: true }));
      const privateKey = `private_build_${Date.now()}_never_in_a_bundle`;

      await promisify(execFile)('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
        cwd: ROOT,
        env: {
          ...process.env,
          IMAGEKIT_PRIVATE_KEY: privateKey,
          VITE_IMAGEKIT_PRIVATE_KEY: privateKey,
        },
      });
      const built = [...(await filesUnder(outDir)), ...(await filesUnder(path.join(ROOT, 'dist')))];
      const carrying: string[] = [];
      for (const file of built) {
        const text = await readFile(file, 'utf8');
        if (text.includes(privateKey) || /private_local_[0-9a-f]{48}/.test(text))
          carrying.push(file);
      }

      t.diagnostic(
        report('counted', { builtFilesScanned: built.length, carrying: carrying.length }),
      );
      assert.ok(built.length >= 3, 'the build wrote files');
      assert.deepEqual(carrying, []);
    },
  );
});
