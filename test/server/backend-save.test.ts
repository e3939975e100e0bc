import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createImageKitService } from '../../server/imagekit.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend, UploadResult } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `POST /save-metadata [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;
        let upload: UploadResult;

        before(async () => {
          backend = await startBackend(engine, { transport, deps: { bodyLimitBytes: 4096 } });
          upload = await backend.upload('alice');
        });
        after(() => backend.close());

        test(
          'saves a verified upload with 201 ' + 'and ImageKit’s values, not the client’s',
          async () => {
            const claimed = {
              ...upload,
              name: 'forged.png',
              size: 1,
              width: 9999,
              tags: ['forged'],
            };

            const { status, body } = await backend.call('POST', '/save-metadata', {
              user: 'alice',
              body: claimed,
            });

            assert.equal(status, 201);
            assert.equal(body.success, true);
            assert.deepEqual(
              { ...body.file, id: 'x', uploadedAt: 'x' },
              {
                id: 'x',
                fileId: upload.fileId,
                url: upload.url,
                name: upload.name,
                filePath: upload.filePath,
                fileType: 'image',
                mime: 'image/jpeg',
                size: upload.size,
                width: upload.width,
                height: upload.height,
                thumbnailUrl: upload.thumbnailUrl,
                tags: [],
                uploadedAt: 'x',
              },
            );
            assert.ok(Math.abs(Date.parse(String(body.file?.uploadedAt)) - Date.now()) < 60_000);
          },
        );

        test(
          'saves with 201 when ImageKit hands back NUL characters in tags, ' + 'dropping them',
          async () => {
            const tagged = await backend.upload('nul', 'coffee.png', {
              tags: 'a\u0000b,\u0000,plain',
            });

            const { status, body } = await backend.call('POST', '/save-metadata', {
              user: 'nul',
              body: tagged,
            });
            const listed = await backend.call('GET', '/files', { user: 'nul' });

            assert.equal(status, 201);
            assert.deepEqual(body.file?.tags, ['ab', 'plain']);
            assert.deepEqual(
              listed.body.files?.map((file) => file.tags),
              [['ab', 'plain']],
            );
          },
        );

        test('answers 200 with the existing row when the same user saves again', async () => {
          const first = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: upload,
          });
          const again = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: upload,
          });

          assert.equal(again.status, 200);
          assert.equal(again.body.success, true);
          assert.deepEqual(again.body.file, first.body.file);
        });

        test('stores one row when the same upload is saved twice at once', async () => {
          const twin = await backend.upload('erin');

          const responses = await Promise.all([
            backend.call('POST', '/save-metadata', { user: 'erin', body: twin }),
            backend.call('POST', '/save-metadata', { user: 'erin', body: twin }),
          ]);
          const listed = await backend.call('GET', '/files', { user: 'erin' });

          assert.deepEqual(responses.map((r) => r.status).sort(), [200, 201]);
          assert.equal(responses[0]?.body.file?.id, responses[1]?.body.file?.id);
          assert.deepEqual(
            listed.body.files?.map((file) => file.fileId),
            [twin.fileId],
          );
        });

        test(
          'gives one of two users saving the same file at once 201 ' + 'and the other 409',
          async () => {
            const contested = await backend.upload('frank');

            const [frank, grace] = await Promise.all([
              backend.call('POST', '/save-metadata', { user: 'frank', body: contested }),
              backend.call('POST', '/save-metadata', { user: 'grace', body: contested }),
            ]);
            const rows = await backend.database.db.query<{ user_id: string }>(
              'SELECT user_id FROM imagekit_files WHERE file_id = $1',
              [contested.fileId],
            );

            assert.deepEqual([frank.status, grace.status].sort(), [201, 409]);
            const winner = frank.status === 201 ? 'frank' : 'grace';
            assert.deepEqual(
              rows.map((row) => row.user_id),
              [winner],
            );
            const loser = frank.status === 409 ? frank : grace;
            assert.equal(loser.body.error?.code, 'conflict');
          },
        );

        test('saves the files of several users at once, each under its own user', async () => {
          const users = ['hana', 'ivan', 'jade', 'kofi'];
          const uploads = await Promise.all(
            users.map((user) => backend.upload(user, 'coffee.png')),
          );

          const saves = await Promise.all(
            users.map((user, i) =>
              backend.call('POST', '/save-metadata', { user, body: uploads[i] }),
            ),
          );
          const lists = await Promise.all(
            users.map((user) => backend.call('GET', '/files', { user })),
          );

          assert.deepEqual(
            saves.map((save) => save.status),
            [201, 201, 201, 201],
          );
          assert.deepEqual(
            lists.map((list) => list.body.files?.map((file) => file.fileId)),
            uploads.map((upload) => [upload.fileId]),
          );
        });

        test('answers 409 when another user saves a file already saved', async () => {
          const { status, body } = await backend.call('POST', '/save-metadata', {
            user: 'bob',
            body: upload,
          });

          assert.equal(status, 409);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'conflict', message: 'fileId: this file was saved by another user' },
          });
        });

        test('answers 422 for a fileId ImageKit does not know', async () => {
          const { status, body } = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: { fileId: '0123456789abcdef01234567', url: upload.url },
          });

          assert.equal(status, 422);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'unknown_file', message: 'fileId: ImageKit has no file with this id' },
          });
        });

        test('answers 422 when the url is not ImageKit’s url for the file', async () => {
          const other = await backend.upload('carol');

          const { status, body } = await backend.call('POST', '/save-metadata', {
            user: 'carol',
            body: { fileId: other.fileId, url: `${backend.imagekit.urlEndpoint}/someone-else.jpg` },
          });
          const listed = await backend.call('GET', '/files', { user: 'carol' });

          assert.equal(status, 422);
          assert.equal(body.error?.code, 'url_mismatch');
          assert.match(String(body.error?.message), /^url: /);
          assert.deepEqual(listed.body.files, []);
        });

        const badBodies: Array<[string, string, RegExp]> = [
          ['invalid JSON', '{"fileId": ', /^the request body is not valid JSON$/],
          ['a JSON array', '[]', /^body: must be a JSON object$/],
          ['JSON null', 'null', /^body: must be a JSON object$/],
          [
            'no fileId',
            JSON.stringify({ url: 'https://ik.imagekit.io/x/a.jpg' }),
            /^fileId: is required$/,
          ],
          ['no url', JSON.stringify({ fileId: 'abc123' }), /^url: is required$/],
          [
            'a fileId with a slash',
            JSON.stringify({ fileId: '../abc', url: 'https://a.b/c' }),
            /^fileId: /,
          ],
          [
            'a numeric fileId',
            JSON.stringify({ fileId: 42, url: 'https://a.b/c' }),
            /^fileId: must be a string$/,
          ],
          [
            'a url that is not a URL',
            JSON.stringify({ fileId: 'abc123', url: 'not a url' }),
            /^url: /,
          ],
          [
            'a javascript: url',
            JSON.stringify({ fileId: 'abc123', url: 'javascript:alert(1)' }),
            /^url: /,
          ],
        ];
        for (const [label, raw, message] of badBodies) {
          test(`answers 400 for ${label}`, async () => {
            const { status, body } = await backend.call('POST', '/save-metadata', {
              user: 'alice',
              rawBody: raw,
              headers: { 'Content-Type': 'application/json' },
            });

            assert.equal(status, 400);
            assert.equal(body.success, false);
            assert.match(String(body.error?.code), /^invalid_(json|request)$/);
            assert.match(String(body.error?.message), message);
          });
        }

        test('answers 413 for a body over the size limit', async () => {
          const { status, body } = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: { ...upload, padding: 'x'.repeat(8000) },
          });

          assert.equal(status, 413);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'payload_too_large', message: 'the request body exceeds 4096 bytes' },
          });
        });

        test('answers 401 without credentials', async () => {
          const { status, body } = await backend.call('POST', '/save-metadata', { body: upload });

          assert.equal(status, 401);
          assert.equal(body.error?.code, 'unauthorized');
        });

        test('answers 502 when ImageKit’s file API cannot be reached, saving nothing', async () => {
          const fresh = await backend.upload('dora');
          const unreachable = await startBackend(engine, {
            deps: {
              imagekit: createImageKitService({
                ...backend.imagekit,
                // Port 9 (discard) is closed on loopback: the connection is refused at once.
                apiBaseUrl: 'http://127.0.0.1:9',
              }),
            },
          });

          try {
            const { status, body } = await unreachable.call('POST', '/save-metadata', {
              user: 'dora',
              body: fresh,
            });
            const listed = await unreachable.call('GET', '/files', { user: 'dora' });

            assert.equal(status, 502);
            assert.equal(body.error?.code, 'imagekit_unavailable');
            assert.doesNotMatch(String(body.error?.message), /at .*\.ts/);
            assert.deepEqual(listed.body.files, []);
          } finally {
            await unreachable.close();
          }
        });
        test('answers 504 at its deadline when ImageKit’s file API never answers', async () => {
          const fresh = await backend.upload('erin');
          // A peer that accepts the connection and never says a word.
          const held = new Set<Socket>();
          const silent = createServer((socket) => held.add(socket));
          silent.listen(0, '127.0.0.1');
          await once(silent, 'listening');
          const { port } = silent.address() as AddressInfo;
          const stuck = await startBackend(engine, {
            deps: {
              requestTimeoutMs: 500,
              imagekit: createImageKitService({
                ...backend.imagekit,
                apiBaseUrl: `http://127.0.0.1:${port}`,
              }),
            },
          });

          try {
            const started = performance.now();
            const { status, body, headers } = await stuck.call('POST', '/save-metadata', {
              user: 'erin',
              body: fresh,
            });
            const waited = performance.now() - started;
            const listed = await stuck.call('GET', '/files', { user: 'erin' });

            assert.equal(status, 504);
            assert.equal(body.error?.code, 'upstream_timeout');
            assert.match(String(body.error?.message), /within 0.5 s/);
            assert.equal(headers.get('retry-after'), '5');
            assert.ok(waited < 5000, `answered after ${Math.round(waited)} ms`);
            assert.deepEqual(listed.body.files, []);
          } finally {
            await stuck.close();
            for (const socket of held) socket.destroy();
            silent.close();
          }
        });
      },
    );
  }
}
