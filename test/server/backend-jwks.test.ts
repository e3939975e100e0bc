import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import { startJwksServer } from '../helpers/engines-jwks.ts';
import { emptyDb, stubImageKit } from '../helpers/engines-stub.ts';
import type { Backend } from '../helpers/engines-backend.ts';
import type { JwksServer } from '../helpers/engines-jwks.ts';

const now = () => Math.floor(Date.now() / 1000);
const valid = (sub: string) => ({ sub, exp: now() + 60 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `AUTH_JWKS_URL [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;
        let jwks: JwksServer;

        before(async () => {
          jwks = await startJwksServer(['k1']);
          backend = await startBackend(engine, {
            transport,
            deps: { auth: { kind: 'jwks', url: jwks.url } },
          });
        });
        after(async () => {
          await backend.close();
          await jwks.close();
        });

        test('accepts an RS256 token whose key is in the JWKS, user from sub', async () => {
          const headers = { Authorization: `Bearer ${await jwks.token('k1', valid('jwks-user'))}` };

          const first = await backend.call('GET', '/files', { headers });
          const second = await backend.call('GET', '/files', { headers });

          assert.equal(first.status, 200);
          assert.deepEqual(first.body, { success: true, files: [], nextCursor: null });
          assert.equal(second.status, 200);
          assert.equal(jwks.fetches, 1, 'keys are cached between requests');
        });

        test('answers 401 for an HS256 token when keys come from a JWKS', async () => {
          const { status, body } = await backend.call('GET', '/files', { user: 'hs256-user' });

          assert.equal(status, 401);
          assert.equal(body.error?.code, 'unauthorized');
        });

        test('answers 401 for an expired token', async () => {
          const token = await jwks.token('k1', { sub: 'jwks-user', exp: now() - 60 });

          const { status, body } = await backend.call('GET', '/files', {
            headers: { Authorization: `Bearer ${token}` },
          });

          assert.equal(status, 401);
          assert.equal(body.error?.code, 'unauthorized');
        });

        test('answers 401 for a token without exp', async () => {
          const token = await jwks.token('k1', { sub: 'jwks-user', iat: now() });

          const { status, body, headers } = await backend.call('GET', '/files', {
            headers: { Authorization: `Bearer ${token}` },
          });

          assert.equal(status, 401);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'unauthorized', message: 'missing or invalid credentials' },
          });
          assert.match(String(headers.get('www-authenticate')), /error="invalid_token"/);
        });
      },
    );
  }
}

describe('JWKS key rotation and outages', () => {
  let jwks: JwksServer;
  let logs: string[];

  beforeEach(async () => {
    jwks = await startJwksServer(['k1']);
    logs = [];
  });
  afterEach(() => jwks.close());

  const appFor = (cacheSeconds: number, minRefetchSeconds: number) =>
    createApp({
      db: emptyDb,
      imagekit: stubImageKit,
      auth: { kind: 'jwks', url: jwks.url, cacheSeconds, minRefetchSeconds },
      logger: createLogger('warn', (line) => logs.push(line)),
    });
  const files = async (app: ReturnType<typeof appFor>, kid: string) =>
    app.request('http://localhost/files', {
      headers: { Authorization: `Bearer ${await jwks.token(kid, valid(`user-${kid}`))}` },
    });

  test('fetches the keys again for an unknown kid and accepts the rotated key', async () => {
    const app = appFor(300, 30);
    assert.equal((await files(app, 'k1')).status, 200);

    jwks.publish(['k1', 'k2']);
    const rotated = await files(app, 'k2');

    assert.equal(rotated.status, 200);
    assert.deepEqual(await rotated.json(), { success: true, files: [], nextCursor: null });
    assert.equal(jwks.fetches, 2);
  });

  test('fetches at most once per minimum interval, however many unknown kids arrive', async () => {
    const app = appFor(300, 30);
    assert.equal((await files(app, 'k1')).status, 200);

    const unknown = await Promise.all([files(app, 'k9'), files(app, 'k9'), files(app, 'k8')]);
    jwks.publish(['k1', 'k7']);
    const later = await files(app, 'k7');

    assert.deepEqual(
      unknown.map((response) => response.status),
      [401, 401, 401],
    );
    assert.equal(later.status, 401, 'no second fetch within 30 s of the first for a kid');
    assert.equal(jwks.fetches, 2);
  });

  test('refetches for an unknown kid again once the interval has passed', async () => {
    const app = appFor(300, 0.2);
    assert.equal((await files(app, 'k1')).status, 200);
    assert.equal((await files(app, 'k2')).status, 401);
    const fetchesBefore = jwks.fetches;

    jwks.publish(['k1', 'k2']);
    await sleep(250);
    const rotated = await files(app, 'k2');

    assert.equal(fetchesBefore, 2, 'the first unknown kid fetched once');
    assert.equal(rotated.status, 200);
    assert.equal(jwks.fetches, 3);
  });

  test('keeps serving the known keys when a refetch fails, and logs it', async () => {
    const app = appFor(0.1, 0.1);
    assert.equal((await files(app, 'k1')).status, 200);

    jwks.failing = true;
    await sleep(150);
    const stale = await files(app, 'k1');

    assert.equal(stale.status, 200);
    assert.deepEqual(await stale.json(), { success: true, files: [], nextCursor: null });
    assert.equal(jwks.fetches, 2, 'the expired cache was asked for again');
    assert.ok(
      logs.some((line) => /"event":"jwks.fetch_failed".*"servingStale":true/.test(line)),
      logs.join('\n'),
    );
  });

  test('answers 503 when no keys could ever be loaded', async () => {
    jwks.failing = true;
    const app = appFor(300, 30);

    const response = await files(app, 'k1');

    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '5');
    assert.deepEqual(await response.json(), {
      success: false,
      error: {
        code: 'auth_unavailable',
        message: 'could not load signing keys from AUTH_JWKS_URL',
      },
    });
  });
});
