import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { createImageKitService } from '../../server/imagekit.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { JWT_SECRET, tokenFor } from '../helpers/engines-backend.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend, UploadResult } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `files of one user [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;
        const saved: Record<string, UploadResult[]> = { alice: [], bob: [] };

        before(async () => {
          backend = await startBackend(engine, { transport });
          for (const [user, fixture] of [
            ['alice', 'rocket.jpg'],
            ['bob', 'coffee.png'],
            ['alice', 'astronaut.png'],
            ['alice', 'chelsea.png'],
          ] as const) {
            const upload = await backend.upload(user, fixture);
            const response = await backend.call('POST', '/save-metadata', { user, body: upload });
            assert.equal(response.status, 201);
            saved[user]!.push(upload);
          }
        });
        after(() => backend.close());

        test('lists only the signed-in user’s files, newest first', async () => {
          const alice = await backend.call('GET', '/files', { user: 'alice' });
          const bob = await backend.call('GET', '/files', { user: 'bob' });
          const nobody = await backend.call('GET', '/files', { user: 'nobody' });

          assert.equal(alice.status, 200);
          assert.deepEqual(
            alice.body.files?.map((file) => file.fileId),
            saved.alice!.map((upload) => upload.fileId).reverse(),
          );
          assert.equal(alice.body.nextCursor, null);
          assert.deepEqual(
            bob.body.files?.map((file) => file.fileId),
            saved.bob!.map((upload) => upload.fileId),
          );
          assert.deepEqual(nobody.body, { success: true, files: [], nextCursor: null });
        });

        test('pages through files with limit and cursor without gaps or repeats', async () => {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;

          do {
            const query: string = cursor
              ? `?limit=2&cursor=${encodeURIComponent(cursor)}`
              : '?limit=2';
            const page = await backend.call('GET', `/files${query}`, { user: 'alice' });
            assert.equal(page.status, 200);
            assert.ok((page.body.files?.length ?? 0) <= 2);
            seen.push(...(page.body.files ?? []).map((file) => file.fileId));
            cursor = page.body.nextCursor ?? null;
            pages += 1;
          } while (cursor && pages < 10);

          assert.equal(pages, 2);
          assert.deepEqual(seen, saved.alice!.map((upload) => upload.fileId).reverse());
        });

        for (const [query, field] of [
          ['?limit=0', 'limit'],
          ['?limit=101', 'limit'],
          ['?limit=ten', 'limit'],
          ['?cursor=not-a-cursor', 'cursor'],
        ] as const) {
          test(`answers 400 for ${query} naming ${field}`, async () => {
            const { status, body } = await backend.call('GET', `/files${query}`, { user: 'alice' });

            assert.equal(status, 400);
            assert.equal(body.error?.code, 'invalid_request');
            assert.match(String(body.error?.message), new RegExp(`^${field}: `));
          });
        }

        const crafted: Array<[string, unknown]> = [
          ['a bare number as the time', ['1', '1']],
          ['a five-digit year', ['+010000-01-01T00:00:00Z', '1']],
          ['a negative year', ['-000001-01-01T00:00:00Z', '1']],
          ['a date in Date.toString() form', ['Sun Mar 07 2021 10:00:00 GMT+0100 (CET)', '1']],
          ['a date without microseconds', ['2020-01-01T00:00:00Z', '1']],
          ['February 30th', ['2021-02-30T10:00:00.000000Z', '1']],
          ['year zero', ['0000-01-01T00:00:00.000000Z', '1']],
          ['an id beyond bigint', ['2020-01-01T00:00:00.000000Z', '9223372036854775808']],
          ['an id of nineteen nines', ['2020-01-01T00:00:00.000000Z', '9999999999999999999']],
          ['an object', { ts: '2020-01-01T00:00:00.000000Z', id: '1' }],
        ];
        for (const [label, value] of crafted) {
          test(`answers 400 naming cursor for a crafted cursor with ${label}`, async () => {
            const cursor = Buffer.from(JSON.stringify(value)).toString('base64url');

            const { status, body } = await backend.call('GET', `/files?cursor=${cursor}`, {
              user: 'alice',
            });

            assert.equal(status, 400);
            assert.deepEqual(body, {
              success: false,
              error: {
                code: 'invalid_request',
                message: 'cursor: is not a cursor this server issued',
              },
            });
          });
        }

        test('accepts a cursor in the issued format at the edges of the range', async () => {
          const edges = [
            ['9999-12-31T23:59:59.999999Z', '9223372036854775807'],
            ['0001-01-01T00:00:00.000000Z', '1'],
          ];
          const pages = [];
          for (const edge of edges) {
            const cursor = Buffer.from(JSON.stringify(edge)).toString('base64url');
            pages.push(await backend.call('GET', `/files?cursor=${cursor}`, { user: 'alice' }));
          }

          assert.deepEqual(
            pages.map((page) => page.status),
            [200, 200],
          );
          assert.deepEqual(
            pages[0]?.body.files?.map((file) => file.fileId),
            saved.alice!.map((upload) => upload.fileId).reverse(),
          );
          assert.deepEqual(pages[1]?.body.files, []);
        });

        test('answers 401 for the list without credentials', async () => {
          const { status, body } = await backend.call('GET', '/files');

          assert.equal(status, 401);
          assert.equal(body.success, false);
          assert.equal(body.error?.code, 'unauthorized');
        });

        test('answers 404 when deleting another user’s file, and keeps it', async () => {
          const bobs = saved.bob![0]!;

          const { status, body } = await backend.call('DELETE', `/files/${bobs.fileId}`, {
            user: 'alice',
          });
          const stillListed = await backend.call('GET', '/files', { user: 'bob' });
          const stillServed = await fetch(bobs.url);

          assert.equal(status, 404);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'not_found', message: 'fileId: no such file among your files' },
          });
          assert.equal(stillListed.body.files?.length, 1);
          assert.equal(stillServed.status, 200);
          await stillServed.arrayBuffer();
        });

        test('answers 502 and keeps the row when ImageKit cannot delete the file', async () => {
          const target = saved.alice![0]!;
          const offline = createApp({
            db: backend.database.db,
            imagekit: createImageKitService({
              ...backend.imagekit,
              apiBaseUrl: 'http://127.0.0.1:9',
            }),
            auth: { kind: 'jwt', secret: JWT_SECRET },
          });
          const headers = { Authorization: `Bearer ${await tokenFor('alice')}` };

          const response = await offline.request(`/files/${target.fileId}`, {
            method: 'DELETE',
            headers,
          });
          const body = (await response.json()) as { error?: { code: string } };
          const listed = await backend.call('GET', '/files', { user: 'alice' });

          assert.equal(response.status, 502);
          assert.equal(body.error?.code, 'imagekit_unavailable');
          assert.ok(listed.body.files?.some((file) => file.fileId === target.fileId));
        });

        test('deletes a file at ImageKit and from the list', async () => {
          const target = saved.alice![0]!;

          const { status, body } = await backend.call('DELETE', `/files/${target.fileId}`, {
            user: 'alice',
          });
          const listed = await backend.call('GET', '/files', { user: 'alice' });
          const delivered = await fetch(target.url);
          await delivered.arrayBuffer();

          assert.equal(status, 200);
          assert.deepEqual(body, { success: true });
          assert.ok(!listed.body.files?.some((file) => file.fileId === target.fileId));
          assert.equal(delivered.status, 404);
        });

        test('deletes the row when ImageKit has already lost the file', async () => {
          const target = saved.alice![1]!;
          const gone = await fetch(`${backend.imagekit.apiBaseUrl}/v1/files/${target.fileId}`, {
            method: 'DELETE',
            headers: { Authorization: `Basic ${btoa(`${backend.imagekit.privateKey}:`)}` },
          });
          assert.equal(gone.status, 204);

          const { status, body } = await backend.call('DELETE', `/files/${target.fileId}`, {
            user: 'alice',
          });
          const again = await backend.call('DELETE', `/files/${target.fileId}`, { user: 'alice' });

          assert.equal(status, 200);
          assert.deepEqual(body, { success: true });
          assert.equal(again.status, 404);
        });
      },
    );
  }
}
