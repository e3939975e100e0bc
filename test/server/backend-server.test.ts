import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_COOKIE } from '../../server/auth.ts';
import { ConfigError } from '../../server/config.ts';
import { DatabaseLockedError } from '../../server/db/index.ts';
import { startLocalImageKit } from '../../server/local-imagekit/index.ts';
import { startServer } from '../../server/main.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { FIXTURES } from '../helpers/engines-backend.ts';
import type { RunningServer } from '../../server/main.ts';
import type { OpenedDatabase } from '../helpers/engines.ts';

const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';

after(stopRelay);

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'backend-server-'));
}

/** A tiny cookie jar: the demo user lives in one cookie. */
function cookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

for (const engine of ENGINES) {
  describe(
    `startServer over a real port [${engine.name}]`,
    { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
    () => {
      let database: OpenedDatabase;
      let dataDir: string;
      let server: RunningServer;

      before(async () => {
        database = await engine.open();
        dataDir = await tempDir();
        const env = { ...database.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
        server = await startServer({ env, port: 0, log: false });
      });
      after(async () => {
        await server?.close();
        await database.dispose();
        await rm(dataDir, { recursive: true, force: true });
      });

      test(
        'runs the whole flow ' + 'with no configuration: local ImageKit and a demo user',
        async () => {
          const responses: string[] = [];
          const health = await fetch(`${server.url}/healthz`);
          responses.push(JSON.stringify(await json(health)));

          const signed = await fetch(`${server.url}/generate-auth-params`);
          const cookie = cookieFrom(signed);
          const params = await json(signed);
          responses.push(JSON.stringify(params));

          const form = new FormData();
          form.set(
            'file',
            new Blob([await readFile(path.join(FIXTURES, 'rocket.jpg'))]),
            'rocket.jpg',
          );
          form.set('fileName', 'rocket.jpg');
          for (const field of ['publicKey', 'token', 'expire', 'signature']) {
            form.set(field, String(params[field]));
          }
          const uploaded = await fetch(String(params.uploadUrl), { method: 'POST', body: form });
          const upload = await json(uploaded);

          const saved = await fetch(`${server.url}/save-metadata`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Cookie: cookie },
            body: JSON.stringify(upload),
          });
          const savedBody = await json(saved);
          responses.push(JSON.stringify(savedBody));
          const listed = await fetch(`${server.url}/files`, { headers: { Cookie: cookie } });
          const listedBody = await json(listed);
          responses.push(JSON.stringify(listedBody));

          assert.equal(health.status, 200);
          assert.equal(signed.status, 200);
          assert.match(cookie, new RegExp(`^${DEMO_COOKIE}=`));
          assert.equal(params.uploadUrl, server.localImageKit?.uploadUrl);
          assert.equal(uploaded.status, 200);
          assert.equal(saved.status, 201);
          assert.equal((savedBody.file as { fileId: string }).fileId, upload.fileId);
          assert.equal(listed.status, 200);
          assert.deepEqual(
            (listedBody.files as Array<{ fileId: string }>).map((file) => file.fileId),
            [upload.fileId],
          );
          assert.ok(!responses.join('\n').includes(String(server.localImageKit?.privateKey)));
        },
      );

      test('allows its own origin with credentials in local mode', async () => {
        const origin = server.url;

        const response = await fetch(`${server.url}/files`, { headers: { Origin: origin } });
        await response.arrayBuffer();

        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), origin);
        assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      });

      test('keeps demo users apart and gives a tampered cookie a new user', async () => {
        const first = await fetch(`${server.url}/files`);
        const cookie = cookieFrom(first);
        await first.arrayBuffer();
        const tampered = cookie.replace(/=(.)/, (_, c: string) => `=${c === 'a' ? 'b' : 'a'}`);

        const again = await fetch(`${server.url}/files`, { headers: { Cookie: cookie } });
        const forged = await fetch(`${server.url}/files`, { headers: { Cookie: tampered } });

        assert.match(String(first.headers.get('set-cookie')), /HttpOnly/);
        assert.match(String(first.headers.get('set-cookie')), /SameSite=Lax/);
        assert.equal(again.headers.get('set-cookie'), null);
        assert.deepEqual(await json(again), { success: true, files: [], nextCursor: null });
        assert.notEqual(cookieFrom(forged), '');
        assert.notEqual(cookieFrom(forged), cookie);
        await forged.arrayBuffer();
      });
    },
  );

  describe(
    `startServer with real ImageKit settings [${engine.name}]`,
    { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
    () => {
      let database: OpenedDatabase;
      let dataDir: string;
      let env: Record<string, string>;
      let imagekitDir: string;
      let imagekit: Awaited<ReturnType<typeof startLocalImageKit>>;

      before(async () => {
        database = await engine.open();
        dataDir = await tempDir();
        imagekitDir = await tempDir();
        // The stand-in plays a real account here: the server only sees IMAGEKIT_* settings.
        imagekit = await startLocalImageKit({ dataDir: imagekitDir, port: 0 });
        env = {
          ...database.env,
          DATA_DIR: dataDir,
          IMAGEKIT_PUBLIC_KEY: imagekit.publicKey,
          IMAGEKIT_PRIVATE_KEY: imagekit.privateKey,
          IMAGEKIT_URL_ENDPOINT: imagekit.urlEndpoint,
          IMAGEKIT_UPLOAD_URL: imagekit.uploadUrl,
          IMAGEKIT_API_BASE_URL: imagekit.apiBaseUrl,
        };
      });
      after(async () => {
        await imagekit.close();
        await database.dispose();
        await rm(dataDir, { recursive: true, force: true });
        await rm(imagekitDir, { recursive: true, force: true });
      });

      test(
        'refuses to start with real keys and no authentication, ' + 'saying how to fix it',
        async () => {
          await assert.rejects(startServer({ env, port: 0, log: false }), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.match(error.message, /no authentication is configured/);
            assert.match(error.message, /AUTH_JWT_SECRET/);
            assert.match(error.message, /AUTH_JWKS_URL/);
            assert.match(error.message, /AUTH_DEMO=true/);
            return true;
          });
        },
      );

      test('refuses demo users with real keys when SESSION_SECRET is missing', async () => {
        await assert.rejects(
          startServer({ env: { ...env, AUTH_DEMO: 'true' }, port: 0, log: false }),
          /SESSION_SECRET: is required when AUTH_DEMO=true/,
        );
      });

      test('answers 401 without a token when AUTH_JWT_SECRET is set', async () => {
        const server = await startServer({
          env: { ...env, AUTH_JWT_SECRET: SESSION_SECRET },
          port: 0,
          log: false,
        });
        try {
          const response = await fetch(`${server.url}/generate-auth-params`);
          const health = await fetch(`${server.url}/healthz`);

          assert.equal(server.localImageKit, undefined);
          assert.equal(response.status, 401);
          assert.deepEqual(await json(response), {
            success: false,
            error: { code: 'unauthorized', message: 'missing or invalid credentials' },
          });
          assert.equal(health.status, 200);
          await health.arrayBuffer();
        } finally {
          await server.close();
        }
      });

      test('starts with real keys when demo users are opted into explicitly', async () => {
        const server = await startServer({
          env: { ...env, AUTH_DEMO: 'true', SESSION_SECRET },
          port: 0,
          log: false,
        });
        try {
          const response = await fetch(`${server.url}/generate-auth-params`);
          const body = await json(response);

          assert.equal(response.status, 200);
          assert.equal(body.uploadUrl, imagekit.uploadUrl);
          assert.equal(body.publicKey, imagekit.publicKey);
          // No demo page with real keys unless SERVE_DEMO=true.
          assert.equal(server.servesDemo, false);
          const root = await fetch(`${server.url}/`);
          assert.equal(root.status, 404);
          await root.arrayBuffer();
        } finally {
          await server.close();
        }
      });
    },
  );
}

test(
  'refuses a second server on the same PGlite folder with a clear message',
  { timeout: SUITE_TIMEOUT_MS },
  async () => {
    const dataDir = await tempDir();
    const first = await startServer({ env: { DATA_DIR: dataDir }, port: 0, log: false });

    try {
      await assert.rejects(
        startServer({ env: { DATA_DIR: dataDir }, port: 0, log: false }),
        (error: unknown) => {
          assert.ok(error instanceof DatabaseLockedError);
          assert.match(error.message, /is in use by another process/);
          assert.match(error.message, /DATA_DIR/);
          return true;
        },
      );
      const stillUp = await fetch(`${first.url}/healthz`);
      assert.equal(stillUp.status, 200);
      await stillUp.arrayBuffer();
    } finally {
      await first.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);

test(
  'passes LOCAL_IMAGEKIT_MAX_FILE_SIZE to the local ImageKit it starts',
  { timeout: SUITE_TIMEOUT_MS },
  async () => {
    const dataDir = await tempDir();
    const server = await startServer({
      env: { DATA_DIR: dataDir, LOCAL_IMAGEKIT_MAX_FILE_SIZE: '2048' },
      port: 0,
      log: false,
    });
    const upload = async (bytes: number) => {
      const signed = await fetch(`${server.url}/generate-auth-params`);
      const params = await json(signed);
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(bytes).fill(7)]), 'data.bin');
      form.set('fileName', 'data.bin');
      for (const field of ['publicKey', 'token', 'expire', 'signature']) {
        form.set(field, String(params[field]));
      }
      const response = await fetch(String(params.uploadUrl), { method: 'POST', body: form });
      return { status: response.status, body: await json(response) };
    };

    try {
      const small = await upload(2048);
      const large = await upload(2049);

      assert.equal(small.status, 200);
      assert.equal(small.body.size, 2048);
      assert.equal(large.status, 400);
      assert.match(String(large.body.message), /file size exceeds limits/);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
