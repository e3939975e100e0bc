import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from 'hono/jwt';
import { ENGINES, stopRelay } from '../helpers/engines.ts';
import { JWT_SECRET, startBackend } from '../helpers/engines-backend.ts';
import type { Backend } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  describe(`driver errors [${engine.name}]`, { skip: engine.skip }, () => {
    let backend: Backend;

    before(async () => {
      backend = await startBackend(engine);
    });
    after(() => backend.close());

    test('answers 400, not 500, when the database refuses a value of the request', async () => {
      // A validly signed token whose user id holds a NUL, which no Postgres text column stores.
      const now = Math.floor(Date.now() / 1000);
      const token = await sign({ sub: 'a\u0000b', exp: now + 60 }, JWT_SECRET, 'HS256');
      backend.logs.length = 0;

      const { status, body } = await backend.call('GET', '/files', {
        headers: { Authorization: `Bearer ${token}` },
      });

      assert.equal(status, 400);
      assert.deepEqual(body, {
        success: false,
        error: {
          code: 'invalid_request',
          message: 'the request holds a value the database cannot store',
        },
      });
      const failure = backend.logs.find((line) => line.includes('"event":"request.failed"'));
      assert.match(String(failure), /"level":"warn"/);
      assert.match(String(failure), /0x00/);
    });
  });
}
