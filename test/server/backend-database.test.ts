import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MIGRATIONS, runMigrations } from '../../server/db/migrations.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `database [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;

        before(async () => {
          backend = await startBackend(engine, { transport });
        });
        after(() => backend.close());

        test('records each migration once and applies nothing on a second run', async () => {
          const again = await runMigrations(backend.database.db);
          const recorded = await backend.database.db.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          );

          assert.deepEqual(again, []);
          assert.deepEqual(
            recorded.map((row) => Number(row.version)),
            MIGRATIONS.map((migration) => migration.version),
          );
        });

        test(
          'creates imagekit_files with the index on (user_id, ' + 'upload_timestamp DESC)',
          async () => {
            const indexes = await backend.database.db.query<{ indexdef: string }>(
              `SELECT indexdef FROM pg_indexes WHERE tablename = 'imagekit_files' AND ` +
                `schemaname = current_schema()`,
            );

            assert.ok(
              indexes.some((row) => /\(user_id, upload_timestamp DESC/.test(row.indexdef)),
              JSON.stringify(indexes),
            );
            assert.ok(indexes.some((row) => /UNIQUE.*\(file_id\)/.test(row.indexdef)));
          },
        );

        test('reports a reachable database on /healthz', async () => {
          const { status, body } = await backend.call('GET', '/healthz');

          assert.equal(status, 200);
          assert.deepEqual(body, { success: true, database: 'ok', imagekit: 'configured' });
        });

        test('answers 503 with Retry-After while the database is down', async () => {
          const upload = await backend.upload('alice');
          await backend.database.cut();

          const health = await backend.call('GET', '/healthz');
          const list = await backend.call('GET', '/files', { user: 'alice' });
          const save = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: upload,
          });
          const signing = await backend.call('GET', '/generate-auth-params', { user: 'alice' });

          for (const response of [health, list, save]) {
            assert.equal(response.status, 503);
            assert.deepEqual(response.body, {
              success: false,
              error: {
                code: 'database_unavailable',
                message: 'the database is not reachable; try again shortly',
              },
            });
            assert.equal(response.headers.get('retry-after'), '5');
          }
          // Signing needs no database, so uploads can still start.
          assert.equal(signing.status, 200);
          assert.ok(
            backend.logs.some((line) => /"event":"request.failed".*"status":503/.test(line)),
          );
        });

        test('serves again once the database is back', async (t) => {
          if (!backend.database.restore) {
            t.skip('PGlite runs inside the process; there is no connection to lose and restore');
            return;
          }
          await backend.database.restore();

          const health = await backend.call('GET', '/healthz');
          const upload = await backend.upload('alice', 'coffee.png');
          const save = await backend.call('POST', '/save-metadata', {
            user: 'alice',
            body: upload,
          });

          assert.equal(health.status, 200);
          assert.deepEqual(health.body, { success: true, database: 'ok', imagekit: 'configured' });
          assert.equal(save.status, 201);
          assert.equal(save.body.file?.fileId, upload.fileId);
        });
      },
    );
  }
}
