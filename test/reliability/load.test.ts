/**
 * Scenario 5: many users at once through the API, each with its own JWT: auth params, a real
 * upload to the local ImageKit, the save. Every file gets one row and every user lists exactly
 * their own files.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FIXTURES, startBackend } from '../helpers/engines-backend.ts';
import { ENGINES, stopRelay } from '../helpers/engines.ts';
import { report, sized } from './scale.ts';
import type { Backend } from '../helpers/engines-backend.ts';

const USERS = sized(50, 12);
const UPLOADS_PER_USER = 10;
// Each user runs uploads like the widget does: a few at a time.
const PER_USER_CONCURRENCY = 3;

async function uploadAndSave(backend: Backend, user: string, bytes: Buffer, index: number) {
  const signed = await backend.call('GET', '/generate-auth-params', { user });
  assert.equal(signed.status, 200, signed.text);

  const fileName = `${user}-${index}.jpg`;
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)]), fileName);
  form.set('fileName', fileName);
  form.set('publicKey', String(signed.body.publicKey));
  form.set('token', String(signed.body.token));
  form.set('expire', String(signed.body.expire));
  form.set('signature', String(signed.body.signature));
  const uploaded = await fetch(String(signed.body.uploadUrl), { method: 'POST', body: form });
  assert.equal(uploaded.status, 200, await uploaded.clone().text());
  const result = (await uploaded.json()) as { fileId: string; url: string };

  const saved = await backend.call('POST', '/save-metadata', { user, body: result });
  assert.equal(saved.status, 201, saved.text);
  return result.fileId;
}

async function runUser(backend: Backend, user: string, bytes: Buffer): Promise<string[]> {
  const fileIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < UPLOADS_PER_USER) {
      const index = next++;
      fileIds.push(await uploadAndSave(backend, user, bytes, index));
    }
  };
  await Promise.all(Array.from({ length: PER_USER_CONCURRENCY }, worker));
  return fileIds;
}

describe('load: concurrent users uploading through the API', () => {
  after(() => stopRelay());

  for (const engine of ENGINES) {
    it(
      `saves every upload once and lists each user only their own (${engine.name})`,
      {
        skip: engine.skip,
      },
      async (t) => {
        const backend = await startBackend(engine, { transport: 'port' });
        t.after(() => backend.close());
        const bytes = await readFile(`${FIXTURES}/rocket.jpg`);
        const users = Array.from({ length: USERS }, (_, index) => `load-user-${index}`);

        const started = performance.now();
        const uploaded = await Promise.all(users.map((user) => runUser(backend, user, bytes)));
        const seconds = (performance.now() - started) / 1000;

        const listed = await Promise.all(
          users.map((user) => backend.call('GET', '/files?limit=100', { user })),
        );
        const [{ count }] = await backend.database.db.query<{ count: string }>(
          'SELECT count(*) AS count FROM imagekit_files',
        );
        const stats = backend.imagekit.stats();

        t.diagnostic(
          report(`injected (${engine.name})`, {
            users: USERS,
            uploadsPerUser: UPLOADS_PER_USER,
            perUserConcurrency: PER_USER_CONCURRENCY,
          }),
        );
        t.diagnostic(
          report(`counted (${engine.name})`, {
            rows: Number(count),
            uploadsAccepted: stats.uploads,
            tokenReuseAttempts: stats.tokenReuseAttempts,
            seconds: Math.round(seconds * 10) / 10,
            uploadsPerSecond: Math.round((USERS * UPLOADS_PER_USER) / seconds),
          }),
        );

        assert.equal(Number(count), USERS * UPLOADS_PER_USER);
        assert.equal(stats.uploads, USERS * UPLOADS_PER_USER);
        assert.equal(stats.tokenReuseAttempts, 0);
        users.forEach((user, index) => {
          assert.equal(listed[index]!.status, 200, listed[index]!.text);
          assert.deepEqual(
            listed[index]!.body.files!.map((file) => file.fileId).sort(),
            [...uploaded[index]!].sort(),
            `${user} lists exactly their own ${UPLOADS_PER_USER} files`,
          );
        });
      },
    );
  }
});
