import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { JWT_SECRET, startBackend, tokenFor } from '../helpers/engines-backend.ts';
import { emptyDb, stubImageKit } from '../helpers/engines-stub.ts';
import type { Backend } from '../helpers/engines-backend.ts';

const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';
const PREFLIGHT = {
  'Access-Control-Request-Method': 'POST',
  'Access-Control-Request-Headers': 'authorization,content-type',
};
const refusal = (origin: string) => ({
  success: false,
  error: { code: 'origin_not_allowed', message: `origin ${origin} is not in ALLOWED_ORIGINS` },
});

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `CORS [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        let exact: Backend;
        let wildcard: Backend;

        before(async () => {
          exact = await startBackend(engine, { transport, deps: { allowedOrigins: [SHOP] } });
          wildcard = await startBackend(engine, {
            transport,
            deps: { allowedOrigins: [SHOP, '*'] },
          });
        });
        after(async () => {
          await exact.close();
          await wildcard.close();
        });

        test('lets a listed origin call with credentials', async () => {
          const { status, headers, body } = await exact.call('GET', '/files', {
            user: 'alice',
            headers: { Origin: SHOP },
          });

          assert.equal(status, 200);
          assert.deepEqual(body, { success: true, files: [], nextCursor: null });
          assert.equal(headers.get('access-control-allow-origin'), SHOP);
          assert.equal(headers.get('access-control-allow-credentials'), 'true');
          assert.equal(headers.get('access-control-expose-headers'), 'Retry-After, Date');
          assert.equal(headers.get('vary'), 'Origin');
        });

        test(
          'answers a listed origin’s preflight ' + 'with the methods and headers it needs',
          async () => {
            const { status, headers, text } = await exact.call('OPTIONS', '/save-metadata', {
              headers: { Origin: SHOP, ...PREFLIGHT },
            });

            assert.equal(status, 204);
            assert.equal(text, '');
            assert.equal(headers.get('access-control-allow-origin'), SHOP);
            assert.match(String(headers.get('access-control-allow-methods')), /POST/);
            assert.match(String(headers.get('access-control-allow-headers')), /Authorization/);
            assert.equal(headers.get('access-control-allow-credentials'), 'true');
            assert.equal(headers.get('vary'), 'Origin');
          },
        );

        test('refuses an unlisted origin’s preflight with 403', async () => {
          const { status, body, headers } = await exact.call('OPTIONS', '/save-metadata', {
            headers: { Origin: EVIL, ...PREFLIGHT },
          });

          assert.equal(status, 403);
          assert.deepEqual(body, refusal(EVIL));
          assert.equal(headers.get('access-control-allow-origin'), null);
          assert.equal(headers.get('vary'), 'Origin');
        });

        test(
          'refuses a GET from an unlisted origin ' + 'before it signs anything, and logs it',
          async () => {
            exact.logs.length = 0;

            const { status, body, headers } = await exact.call('GET', '/generate-auth-params', {
              user: 'alice',
              headers: { Origin: EVIL },
            });

            assert.equal(status, 403);
            assert.deepEqual(body, refusal(EVIL));
            assert.equal(headers.get('access-control-allow-origin'), null);
            assert.equal(headers.get('vary'), 'Origin');
            const line = exact.logs.find((entry) => entry.includes('"event":"request.failed"'));
            assert.match(String(line), /"level":"warn".*"status":403.*"code":"origin_not_allowed"/);
            assert.match(String(line), /evil\.example/);
          },
        );

        test('refuses a text/plain save from an unlisted origin, saving nothing', async () => {
          const upload = await exact.upload('alice');

          const saved = await exact.call('POST', '/save-metadata', {
            user: 'alice',
            rawBody: JSON.stringify(upload),
            headers: { Origin: EVIL, 'Content-Type': 'text/plain' },
          });
          const listed = await exact.call('GET', '/files', { user: 'alice' });

          assert.equal(saved.status, 403);
          assert.deepEqual(saved.body, refusal(EVIL));
          assert.deepEqual(listed.body.files, []);
        });

        test('refuses the opaque origin "null" unless "*" is listed', async () => {
          const refused = await exact.call('GET', '/files', {
            user: 'alice',
            headers: { Origin: 'null' },
          });
          const allowed = await wildcard.call('GET', '/files', {
            user: 'alice',
            headers: { Origin: 'null' },
          });

          assert.equal(refused.status, 403);
          assert.deepEqual(refused.body, refusal('null'));
          assert.equal(allowed.status, 200);
          assert.equal(allowed.headers.get('access-control-allow-origin'), '*');
        });

        test('lets a same-origin page call without listing its origin', async () => {
          const { status, body, headers } = await exact.call('GET', '/files', {
            user: 'alice',
            headers: { Origin: exact.origin },
          });

          assert.equal(status, 200);
          assert.deepEqual(body, { success: true, files: [], nextCursor: null });
          assert.equal(headers.get('access-control-allow-origin'), null);
        });

        test(
          'lets any origin call without credentials ' + 'when "*" is listed, varying by Origin',
          async () => {
            const other = await wildcard.call('GET', '/files', {
              user: 'alice',
              headers: { Origin: 'https://blog.example' },
            });
            const listed = await wildcard.call('GET', '/files', {
              user: 'alice',
              headers: { Origin: SHOP },
            });

            assert.equal(other.status, 200);
            assert.equal(other.headers.get('access-control-allow-origin'), '*');
            assert.equal(other.headers.get('access-control-allow-credentials'), null);
            assert.equal(other.headers.get('vary'), 'Origin');
            assert.equal(listed.status, 200);
            assert.equal(listed.headers.get('access-control-allow-origin'), SHOP);
            assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
            assert.equal(listed.headers.get('vary'), 'Origin');
          },
        );

        test('varies by Origin also when a request sends none', async () => {
          const { status, headers } = await wildcard.call('GET', '/healthz');

          assert.equal(status, 200);
          assert.equal(headers.get('vary'), 'Origin');
          assert.equal(headers.get('access-control-allow-origin'), null);
        });
      },
    );
  }
}

describe('the server’s own origin behind a TLS proxy', () => {
  const appWith = (trustProxy: boolean) =>
    createApp({
      db: emptyDb,
      imagekit: stubImageKit,
      auth: { kind: 'jwt', secret: JWT_SECRET },
      trustProxy,
    });
  const request = async (trustProxy: boolean) =>
    appWith(trustProxy).request('http://uploads.example/files', {
      headers: {
        Origin: 'https://uploads.example',
        'X-Forwarded-Proto': 'https',
        Authorization: `Bearer ${await tokenFor('alice')}`,
      },
    });

  test('is same-origin with TRUST_PROXY, as X-Forwarded-Proto says https', async () => {
    const response = await request(true);

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { success: true, files: [], nextCursor: null });
  });

  test('is another origin without TRUST_PROXY, which ignores X-Forwarded-Proto', async () => {
    const response = await request(false);

    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), refusal('https://uploads.example'));
  });
});
