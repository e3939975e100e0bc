import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { createApp } from '../../server/app.ts';
import { addStaticRoutes } from '../../server/static.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import { emptyDb, stubImageKit } from '../helpers/engines-stub.ts';
import type { AppEnv } from '../../server/env.ts';
import type { Backend } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `methods, paths and bodies [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;

        before(async () => {
          backend = await startBackend(engine, { transport });
        });
        after(() => backend.close());

        test('answers unknown routes with a JSON 404 and logs it without the query', async () => {
          backend.logs.length = 0;

          const { status, body } = await backend.call('GET', '/nope?token=secret-value');

          assert.equal(status, 404);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'not_found', message: 'no route for GET /nope' },
          });
          const failed = backend.logs.filter((line) => line.includes('"event":"request.failed"'));
          assert.equal(failed.length, 1);
          assert.match(failed[0]!, /"level":"warn".*"path":"\/nope".*"status":404/);
          assert.ok(!backend.logs.join('\n').includes('secret-value'));
        });

        const wrongMethods: Array<[string, string, string]> = [
          ['POST', '/generate-auth-params', 'GET, HEAD'],
          ['DELETE', '/healthz', 'GET, HEAD'],
          ['GET', '/save-metadata', 'POST'],
          ['PUT', '/save-metadata', 'POST'],
          ['POST', '/files', 'GET, HEAD'],
          ['GET', '/files/abc123', 'DELETE'],
          ['PATCH', '/files/abc123', 'DELETE'],
        ];
        for (const [method, target, allow] of wrongMethods) {
          test(
            `answers ${method} ${target} with 405 ` + `and Allow: ${allow}, before sign-in`,
            async () => {
              const { status, body, headers } = await backend.call(method, target);

              assert.equal(status, 405);
              assert.equal(headers.get('allow'), allow);
              assert.deepEqual(body, {
                success: false,
                error: {
                  code: 'method_not_allowed',
                  message: `${method} is not allowed on ${target}; use ${allow}`,
                },
              });
            },
          );
        }

        test('answers HEAD on a GET route like GET, without a body', async () => {
          const { status, text } = await backend.call('HEAD', '/healthz');

          assert.equal(status, 200);
          assert.equal(text, '');
        });

        for (const type of [
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/jsonx',
        ]) {
          test(`answers a save with Content-Type ${type} with 415, saving nothing`, async () => {
            const upload = await backend.upload('alice');

            const { status, body } = await backend.call('POST', '/save-metadata', {
              user: 'alice',
              rawBody: JSON.stringify(upload),
              headers: { 'Content-Type': type },
            });
            const listed = await backend.call('GET', '/files', { user: 'alice' });

            assert.equal(status, 415);
            assert.deepEqual(body, {
              success: false,
              error: {
                code: 'unsupported_media_type',
                message: 'Content-Type: must be application/json',
              },
            });
            assert.deepEqual(listed.body.files, []);
          });
        }

        test('accepts application/json with a charset parameter', async () => {
          const upload = await backend.upload('bob');

          const { status, body } = await backend.call('POST', '/save-metadata', {
            user: 'bob',
            rawBody: JSON.stringify(upload),
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
          });

          assert.equal(status, 201);
          assert.equal(body.file?.fileId, upload.fileId);
        });
      },
    );
  }
}

describe('static files in local mode', () => {
  let root: string;
  const app = new Hono<AppEnv>();

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'backend-static-'));
    await mkdir(path.join(root, 'demo'));
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(path.join(root, 'dist', 'imagekit-uploader.js'), 'console.log(1);');
    addStaticRoutes(app, { demoDir: path.join(root, 'demo'), distDir: path.join(root, 'dist') });
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('serves the demo page at /', async () => {
    const response = await app.request('/');

    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /text\/html/);
    assert.equal(await response.text(), '<!doctype html><title>demo</title>');
  });

  test('serves the built widget at /imagekit-uploader.js', async () => {
    const response = await app.request('/imagekit-uploader.js');

    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /javascript/);
    assert.equal(await response.text(), 'console.log(1);');
  });

  test('falls through when a bundle has not been built', async () => {
    const response = await app.request('/imagekit-uploader.es.js');

    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });
});

describe('wrong methods on the demo paths', () => {
  let root: string;
  const app = createApp({
    db: emptyDb,
    imagekit: stubImageKit,
    auth: { kind: 'hook', resolveUser: () => null },
  });

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'backend-static-'));
    await mkdir(path.join(root, 'demo'));
    await writeFile(path.join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    addStaticRoutes(app, { demoDir: path.join(root, 'demo'), distDir: path.join(root, 'dist') });
  });
  after(() => rm(root, { recursive: true, force: true }));

  for (const [method, target] of [
    ['PUT', '/'],
    ['POST', '/imagekit-uploader.js'],
    ['POST', '/imagekit-uploader.es.js'],
    ['DELETE', '/imagekit-uploader.js.map'],
  ] as const) {
    test(`answers ${method} ${target} with 405 and Allow: GET, HEAD`, async () => {
      const response = await app.request(target, { method });

      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
      assert.deepEqual(await response.json(), {
        success: false,
        error: {
          code: 'method_not_allowed',
          message: `${method} is not allowed on ${target}; use GET, HEAD`,
        },
      });
    });
  }

  test('still serves GET / and answers another path with 404', async () => {
    const page = await app.request('/');
    const other = await app.request('/nope.js', { method: 'POST' });

    assert.equal(page.status, 200);
    assert.equal(await page.text(), '<!doctype html><title>demo</title>');
    assert.equal(other.status, 404);
    assert.equal((await other.json()).error.code, 'not_found');
  });
});
