import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { Backend } from '../helpers/engines-backend.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EXPIRE_SECONDS = 600;

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `GET /generate-auth-params [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let backend: Backend;

        before(async () => {
          backend = await startBackend(engine, {
            transport,
            deps: { authExpireSeconds: EXPIRE_SECONDS, authParamsRateLimit: 30 },
          });
        });
        after(() => backend.close());

        test('signs a fresh token whose signature verifies with the private key', async () => {
          const { status, body, headers } = await backend.call('GET', '/generate-auth-params', {
            user: 'alice',
          });

          assert.equal(status, 200);
          assert.equal(body.success, true);
          assert.match(String(body.token), UUID_V4);
          const expected = createHmac('sha1', backend.imagekit.privateKey)
            .update(`${body.token}${body.expire}`)
            .digest('hex');
          assert.equal(body.signature, expected);
          assert.equal(body.publicKey, backend.imagekit.publicKey);
          assert.equal(body.uploadUrl, backend.imagekit.uploadUrl);
          assert.equal(headers.get('cache-control'), 'no-store');
        });

        test('expires within the configured lifetime, well inside one hour', async () => {
          const now = Math.floor(Date.now() / 1000);
          const { status, body } = await backend.call('GET', '/generate-auth-params', {
            user: 'alice',
          });

          assert.equal(status, 200);
          assert.ok(Number(body.expire) >= now + EXPIRE_SECONDS - 1, `expire ${body.expire}`);
          assert.ok(Number(body.expire) <= now + EXPIRE_SECONDS + 2, `expire ${body.expire}`);
          assert.ok(Number(body.expire) < now + 3600);
        });

        test('never hands out the same token twice', async () => {
          const tokens = new Set<string>();
          for (let i = 0; i < 10; i += 1) {
            const { status, body } = await backend.call('GET', '/generate-auth-params', {
              user: 'bob',
            });
            assert.equal(status, 200);
            tokens.add(String(body.token));
          }

          assert.equal(tokens.size, 10);
        });

        test('returns N distinct signed sets for ?count=N in one response', async () => {
          const { status, body, headers } = await backend.call(
            'GET',
            '/generate-auth-params?count=5',
            {
              user: 'carol',
            },
          );

          assert.equal(status, 200);
          assert.equal(body.success, true);
          assert.equal(body.publicKey, backend.imagekit.publicKey);
          assert.equal(body.uploadUrl, backend.imagekit.uploadUrl);
          assert.equal(body.params?.length, 5);
          assert.equal(new Set(body.params?.map((p) => p.token)).size, 5);
          for (const params of body.params ?? []) {
            const expected = createHmac('sha1', backend.imagekit.privateKey)
              .update(`${params.token}${params.expire}`)
              .digest('hex');
            assert.equal(params.signature, expected);
          }
          assert.equal(headers.get('cache-control'), 'no-store');
        });

        for (const count of ['0', '21', 'abc', '2.5', '-1']) {
          test(`rejects ?count=${count} with 400 naming count`, async () => {
            const { status, body } = await backend.call(
              'GET',
              `/generate-auth-params?count=${count}`,
              {
                user: 'dave',
              },
            );

            assert.equal(status, 400);
            assert.equal(body.success, false);
            assert.equal(body.error?.code, 'invalid_request');
            assert.match(String(body.error?.message), /^count: /);
          });
        }

        test('answers 401 without credentials', async () => {
          const { status, body, headers } = await backend.call('GET', '/generate-auth-params');

          assert.equal(status, 401);
          assert.deepEqual(body, {
            success: false,
            error: { code: 'unauthorized', message: 'missing or invalid credentials' },
          });
          assert.match(String(headers.get('www-authenticate')), /^Bearer /);
        });

        test('answers 401 for a token signed with another secret', async () => {
          const { sign } = await import('hono/jwt');
          const forged = await sign(
            { sub: 'mallory' },
            'another-secret-another-secret-another!',
            'HS256',
          );

          const { status, body } = await backend.call('GET', '/generate-auth-params', {
            headers: { Authorization: `Bearer ${forged}` },
          });

          assert.equal(status, 401);
          assert.equal(body.error?.code, 'unauthorized');
        });

        test('answers 401 for a valid token without a sub claim', async () => {
          const { sign } = await import('hono/jwt');
          const { JWT_SECRET } = await import('../helpers/engines-backend.ts');
          const now = Math.floor(Date.now() / 1000);
          const anonymous = await sign({ iat: now, exp: now + 60 }, JWT_SECRET, 'HS256');

          const { status, body } = await backend.call('GET', '/generate-auth-params', {
            headers: { Authorization: `Bearer ${anonymous}` },
          });

          assert.equal(status, 401);
          assert.deepEqual(body.error, {
            code: 'unauthorized',
            message: 'the token has no "sub" claim',
          });
        });

        test('limits signatures per user per minute with 429 and Retry-After', async () => {
          const first = await backend.call('GET', '/generate-auth-params?count=20', {
            user: 'greedy',
          });
          const second = await backend.call('GET', '/generate-auth-params?count=20', {
            user: 'greedy',
          });
          const someoneElse = await backend.call('GET', '/generate-auth-params', {
            user: 'patient',
          });

          assert.equal(first.status, 200);
          assert.equal(second.status, 429);
          assert.equal(second.body.error?.code, 'rate_limited');
          assert.ok(Number(second.headers.get('retry-after')) >= 1);
          assert.equal(someoneElse.status, 200);
        });

        test('keeps the private key, tokens and signatures out of log lines', async () => {
          backend.logs.length = 0;
          const { body } = await backend.call('GET', '/generate-auth-params', { user: 'erin' });

          const logged = backend.logs.join('\n');
          assert.equal(backend.logs.length, 1);
          assert.match(logged, /"event":"request".*"status":200/);
          assert.ok(!logged.includes(backend.imagekit.privateKey));
          assert.ok(!logged.includes(String(body.token)));
          assert.ok(!logged.includes(String(body.signature)));
        });
      },
    );
  }
}
