import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createFilesRepository } from '../../server/db/files-repo.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend } from '../helpers/engines-backend.ts';

const USER = 'pager';
const SAME_TIME = '2024-05-06T07:08:09.123456Z';

after(stopRelay);

/** Every file id of `user`, page by page at `limit`, following nextCursor. */
async function pageThrough(backend: Backend, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await backend.call('GET', `/files?limit=${limit}${query}`, { user: USER });
    assert.equal(page.status, 200, page.text);
    pages.push((page.body.files ?? []).map((file) => file.fileId));
    cursor = page.body.nextCursor ?? null;
  } while (cursor && pages.length < 20);
  return pages;
}

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `pagination with identical timestamps [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;
        // Newest first: the rows sharing a timestamp are ordered by id, highest first.
        const expected: string[] = [];

        before(async () => {
          backend = await startBackend(engine, { transport });
          const files = createFilesRepository(backend.database.db);
          for (let i = 0; i < 7; i += 1) {
            const fileId = `same${String(i).padStart(20, '0')}`;
            await files.insertIfAbsent({
              fileId,
              url: `https://ik.imagekit.io/demo/${fileId}.jpg`,
              name: `${fileId}.jpg`,
              filePath: `/${fileId}.jpg`,
              fileType: 'image',
              mime: 'image/jpeg',
              size: 1,
              width: 1,
              height: 1,
              thumbnailUrl: null,
              tags: [],
              userId: USER,
            });
            expected.unshift(fileId);
          }
          // Rows saved within one microsecond (a batch on a fast server) share the timestamp.
          await backend.database.db.query(
            'UPDATE imagekit_files SET upload_timestamp = $1 WHERE user_id = $2',
            [SAME_TIME, USER],
          );
        });
        after(() => backend.close());

        for (const limit of [1, 2, 3, 7]) {
          test(`pages by ${limit} without gaps or repeats`, async () => {
            const pages = await pageThrough(backend, limit);

            assert.deepEqual(pages.flat(), expected);
            assert.equal(pages.length, Math.ceil(expected.length / limit));
            assert.ok(pages.every((page) => page.length <= limit));
          });
        }

        test('reports the shared timestamp on every row', async () => {
          const { status, body } = await backend.call('GET', '/files?limit=100', { user: USER });

          assert.equal(status, 200);
          assert.deepEqual(
            [...new Set(body.files?.map((file) => file.uploadedAt))],
            ['2024-05-06T07:08:09.123Z'],
          );
        });
      },
    );
  }
}
