import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { FIXTURES, startBackend } from '../helpers/engines-backend.ts';
import type { Backend, UploadResult } from '../helpers/engines-backend.ts';

const SESSION_SECRET = 'demo-session-secret-of-at-least-32-chars';
const SHOP = 'https://shop.example';
const SESSION_REQUIRED = {
  success: false,
  error: {
    code: 'demo_session_required',
    message:
      'no demo session cookie was sent; when the backend is on another origin, set ' +
      'credentials="include" on the widget and list the page in ALLOWED_ORIGINS',
  },
};

/** Signs for a new demo user and uploads a fixture with it: the user's cookie and the upload. */
async function demoUpload(backend: Backend): Promise<{ cookie: string; uploaded: UploadResult }> {
  const signed = await backend.call('GET', '/generate-auth-params');
  assert.equal(signed.status, 200, signed.text);
  const cookie = signed.headers.getSetCookie()[0]!.split(';')[0]!;

  const form = new FormData();
  form.set('file', new Blob([await readFile(path.join(FIXTURES, 'rocket.jpg'))]), 'rocket.jpg');
  form.set('fileName', 'rocket.jpg');
  form.set('publicKey', String(signed.body.publicKey));
  form.set('token', String(signed.body.token));
  form.set('expire', String(signed.body.expire));
  form.set('signature', String(signed.body.signature));
  const response = await fetch(String(signed.body.uploadUrl), { method: 'POST', body: form });
  assert.equal(response.status, 200);

  return { cookie, uploaded: (await response.json()) as UploadResult };
}

async function rowCount(backend: Backend): Promise<number> {
  const rows = await backend.database.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM imagekit_files',
  );
  return rows[0]!.n;
}

after(stopRelay);

for (const engine of ENGINES) {
  describe(
    `demo sessions on writes [${engine.name}]`,
    { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
    () => {
      const started: Backend[] = [];
      const backendWith = async () => {
        const backend = await startBackend(engine, {
          deps: { auth: { kind: 'demo', sessionSecret: SESSION_SECRET }, allowedOrigins: [SHOP] },
        });
        started.push(backend);
        return backend;
      };
      after(async () => {
        for (const backend of started) await backend.close();
      });

      test('refuses a save without the demo cookie with 401 and stores nothing', async () => {
        const backend = await backendWith();
        const { cookie, uploaded } = await demoUpload(backend);

        const cookieless = await backend.call('POST', '/save-metadata', {
          body: uploaded,
          headers: { Origin: SHOP },
        });

        assert.equal(cookieless.status, 401);
        assert.deepEqual(cookieless.body, SESSION_REQUIRED);
        assert.equal(cookieless.headers.get('access-control-allow-origin'), SHOP);
        assert.deepEqual(cookieless.headers.getSetCookie(), [], 'no new demo user');
        assert.equal(await rowCount(backend), 0);

        const withCookie = await backend.call('POST', '/save-metadata', {
          body: uploaded,
          headers: { Origin: SHOP, Cookie: cookie },
        });
        assert.equal(withCookie.status, 201, withCookie.text);
      });

      test('refuses a save with a tampered demo cookie', async () => {
        const backend = await backendWith();
        const { cookie, uploaded } = await demoUpload(backend);
        // Another user id under the same signature.
        const tampered = cookie.replace(/=(.)/, (_, first) => `=${first === 'a' ? 'b' : 'a'}`);

        const response = await backend.call('POST', '/save-metadata', {
          body: uploaded,
          headers: { Cookie: tampered },
        });

        assert.notEqual(tampered, cookie);
        assert.equal(response.status, 401);
        assert.deepEqual(response.body, SESSION_REQUIRED);
        assert.equal(await rowCount(backend), 0);
      });

      test('refuses a delete without the demo cookie and keeps the file', async () => {
        const backend = await backendWith();
        const { cookie, uploaded } = await demoUpload(backend);
        const saved = await backend.call('POST', '/save-metadata', {
          body: uploaded,
          headers: { Cookie: cookie },
        });
        assert.equal(saved.status, 201, saved.text);

        const cookieless = await backend.call('DELETE', `/files/${uploaded.fileId}`);

        assert.equal(cookieless.status, 401);
        assert.deepEqual(cookieless.body, SESSION_REQUIRED);
        assert.deepEqual(cookieless.headers.getSetCookie(), []);
        const listed = await backend.call('GET', '/files', { headers: { Cookie: cookie } });
        assert.deepEqual(
          listed.body.files?.map((file) => file.fileId),
          [uploaded.fileId],
        );
      });

      test('still gives a cookieless listing a new demo user', async () => {
        const backend = await backendWith();

        const listed = await backend.call('GET', '/files');

        assert.equal(listed.status, 200);
        assert.deepEqual(listed.body.files, []);
        assert.equal(listed.headers.getSetCookie().length, 1);
      });
    },
  );
}
