import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { createApp } from '../../server/app.ts';
import { createImageKitService } from '../../server/imagekit.ts';
import { createLogger } from '../../server/log.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  describe(
    `embedded in another Hono app with an auth hook [${engine.name}]`,
    { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
    () => {
      let backend: Backend;
      const logs: string[] = [];
      const host = new Hono();

      before(async () => {
        backend = await startBackend(engine);
        const api = createApp({
          db: backend.database.db,
          imagekit: createImageKitService(backend.imagekit),
          logger: createLogger('info', (line) => logs.push(line)),
          auth: {
            kind: 'hook',
            // The host's own session, here a header its proxy would set.
            resolveUser: (c) => {
              const user = c.req.header('X-Host-User');
              if (user === 'explode')
                throw new Error('session store crashed at /srv/app/session.ts:12');
              return user;
            },
          },
        });
        host.get('/', (c) => c.text('host page'));
        host.route('/uploads', api);
      });
      after(() => backend.close());

      test('serves the API under the mount path with the hook’s user', async () => {
        const upload = await backend.upload('someone');

        const saved = await host.request('/uploads/save-metadata', {
          method: 'POST',
          headers: { 'X-Host-User': 'host-user-7', 'Content-Type': 'application/json' },
          body: JSON.stringify(upload),
        });
        const listed = await host.request('/uploads/files', {
          headers: { 'X-Host-User': 'host-user-7' },
        });
        const page = await host.request('/');

        assert.equal(saved.status, 201);
        const listedBody = (await listed.json()) as { files: Array<{ fileId: string }> };
        assert.deepEqual(
          listedBody.files.map((file) => file.fileId),
          [upload.fileId],
        );
        assert.equal(await page.text(), 'host page');
        await saved.arrayBuffer();
      });

      test('answers 401 when the hook finds no user', async () => {
        const response = await host.request('/uploads/generate-auth-params');

        assert.equal(response.status, 401);
        assert.deepEqual(await response.json(), {
          success: false,
          error: { code: 'unauthorized', message: 'sign in first' },
        });
      });

      test('answers an unexpected failure with a generic 500 and logs the cause', async () => {
        logs.length = 0;

        const response = await host.request('/uploads/files', {
          headers: { 'X-Host-User': 'explode' },
        });
        const text = await response.text();

        assert.equal(response.status, 500);
        assert.deepEqual(JSON.parse(text), {
          success: false,
          error: { code: 'internal_error', message: 'internal server error' },
        });
        assert.ok(!text.includes('session.ts'));
        const failure = logs.find((line) => line.includes('"event":"request.failed"'));
        assert.match(String(failure), /"status":500/);
        assert.match(String(failure), /session store crashed/);
      });
    },
  );
}
