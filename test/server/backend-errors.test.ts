import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from 'hono/jwt';
import { createApp } from '../../server/app.ts';
import { isUnavailable, translate } from '../../server/db/unavailable.ts';
import { createLogger } from '../../server/log.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { JWT_SECRET, startBackend } from '../helpers/engines-backend.ts';
import type { Queryable } from '../../server/db/types.ts';
import type { ImageKitService } from '../../server/imagekit.ts';
import type { Backend } from '../helpers/engines-backend.ts';

after(stopRelay);

for (const engine of ENGINES) {
  describe(
    `driver errors [${engine.name}]`,
    { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
    () => {
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
    },
  );
}

/** What `ws` hands the Neon driver when the socket fails: an event, not an Error. */
class ErrorEvent {
  readonly type = 'error';
  constructor(readonly error: Error) {}
}

const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('which driver errors mean the database is unavailable', () => {
  const unavailable: Array<[string, unknown]> = [
    ['ECONNREFUSED', socketError('ECONNREFUSED')],
    ['ECONNRESET', socketError('ECONNRESET')],
    ['EPIPE', socketError('EPIPE')],
    ['ETIMEDOUT', socketError('ETIMEDOUT')],
    ['"Connection terminated unexpectedly"', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a WebSocket ErrorEvent', new ErrorEvent(socketError('ECONNREFUSED'))],
    ['"PGlite is closed"', new Error('PGlite is closed')],
    ['an AggregateError of refused sockets', new AggregateError([socketError('ECONNREFUSED')])],
    ['SQLSTATE 57P01 (admin shutdown)', Object.assign(new Error('terminating'), { code: '57P01' })],
    ['SQLSTATE 08006 (connection failure)', Object.assign(new Error('gone'), { code: '08006' })],
  ];
  for (const [label, error] of unavailable) {
    test(`counts ${label} as unavailable`, () => {
      assert.equal(isUnavailable(error), true);
    });
  }

  const bugs: Array<[string, unknown]> = [
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'rows')")],
    ['a driver error without a SQLSTATE', new Error('Query values must be an array')],
    ['a plain string', 'something broke'],
    ['SQLSTATE 42P01 (undefined table)', Object.assign(new Error('no table'), { code: '42P01' })],
  ];
  for (const [label, error] of bugs) {
    test(`does not count ${label} as unavailable`, () => {
      assert.equal(isUnavailable(error), false);
      assert.throws(
        () => translate(error),
        (thrown: unknown) => thrown === error,
      );
    });
  }
});

describe('a driver error that is not an outage', () => {
  const logs: string[] = [];
  const brokenDb: Queryable = {
    query: () => translate(new TypeError("Cannot read properties of undefined (reading 'rows')")),
  };
  const imagekit: ImageKitService = {
    publicKey: 'public_test',
    uploadUrl: 'http://127.0.0.1:9/api/v1/files/upload',
    urlEndpoint: 'http://127.0.0.1:9/local',
    sign: () => ({ token: 't', expire: 1, signature: 's' }),
    getFile: () => Promise.reject(new Error('not called')),
    deleteFile: () => Promise.reject(new Error('not called')),
  };
  const app = createApp({
    db: brokenDb,
    imagekit,
    auth: { kind: 'jwt', secret: JWT_SECRET },
    logger: createLogger('info', (line) => logs.push(line)),
  });

  test('answers 500, not a retryable 503, and logs the cause', async () => {
    const response = await app.request('/healthz');

    assert.equal(response.status, 500);
    assert.equal(response.headers.get('retry-after'), null);
    assert.deepEqual(await response.json(), {
      success: false,
      error: { code: 'internal_error', message: 'internal server error' },
    });
    const failure = logs.find((line) => line.includes('"event":"request.failed"'));
    assert.match(String(failure), /"level":"error"/);
    assert.match(String(failure), /TypeError: Cannot read properties of undefined/);
  });
});
