import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { DEMO_COOKIE } from '../../server/auth.ts';
import { startServer } from '../../server/main.ts';
import { ENGINES, SUITE_TIMEOUT_MS, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import { emptyDb, stubImageKit } from '../helpers/engines-stub.ts';
import type { Backend, BackendOptions } from '../helpers/engines-backend.ts';

const SESSION_SECRET = 'demo-session-secret-of-at-least-32-chars';
const SHOP = 'https://shop.example';
const demo = { kind: 'demo', sessionSecret: SESSION_SECRET } as const;

/** The name=value part of the only Set-Cookie header; fails when there are more. */
function onlyCookie(headers: Headers): string {
  const cookies = headers.getSetCookie();
  assert.equal(cookies.length, 1, `one Set-Cookie, got ${JSON.stringify(cookies)}`);
  return cookies[0]!.split(';')[0]!;
}

after(stopRelay);

for (const engine of ENGINES) {
  for (const transport of ['in-process', 'port'] as const) {
    describe(
      `demo users [${engine.name}, ${transport}]`,
      { skip: engine.skip, timeout: SUITE_TIMEOUT_MS },
      () => {
        const started: Backend[] = [];
        const backendWith = async (deps: BackendOptions['deps'] = {}) => {
          const backend = await startBackend(engine, {
            transport,
            deps: { auth: demo, authParamsRateLimit: 20, ...deps },
          });
          started.push(backend);
          return backend;
        };
        after(async () => {
          for (const backend of started) await backend.close();
        });

        test(
          'issues one cookie on the first request, ' + 'and no other once it comes back',
          async () => {
            const backend = await backendWith();

            const first = await backend.call('GET', '/files');
            const cookie = onlyCookie(first.headers);
            const again = await backend.call('GET', '/files', { headers: { Cookie: cookie } });

            assert.equal(first.status, 200);
            assert.match(cookie, new RegExp(`^${DEMO_COOKIE}=`));
            assert.equal(again.status, 200);
            assert.deepEqual(again.headers.getSetCookie(), []);
          },
        );

        test('limits new demo users per client address with 429 and Retry-After', async () => {
          const backend = await backendWith();
          const kept = onlyCookie((await backend.call('GET', '/files')).headers);

          const statuses: number[] = [];
          for (let i = 0; i < 20; i += 1)
            statuses.push((await backend.call('GET', '/files')).status);
          const keeper = await backend.call('GET', '/files', { headers: { Cookie: kept } });

          assert.deepEqual(statuses, [...Array(19).fill(200), 429]);
          assert.equal(keeper.status, 200, 'a browser that keeps its cookie is not affected');
          const refused = await backend.call('GET', '/generate-auth-params');
          assert.equal(refused.status, 429);
          assert.equal(refused.body.error?.code, 'rate_limited');
          assert.match(String(refused.body.error?.message), /new demo users from this address/);
          assert.ok(Number(refused.headers.get('retry-after')) >= 1);
          assert.deepEqual(refused.headers.getSetCookie(), []);
        });

        test('charges the signatures of a cookieless request to its address', async () => {
          const backend = await backendWith();

          const batch = await backend.call('GET', '/generate-auth-params?count=20');
          const another = await backend.call('GET', '/generate-auth-params');
          const member = onlyCookie((await backend.call('GET', '/files')).headers);
          const members = await backend.call('GET', '/generate-auth-params?count=20', {
            headers: { Cookie: member },
          });

          assert.equal(batch.status, 200);
          assert.equal(batch.body.params?.length, 20);
          assert.equal(another.status, 429, 'a fresh user does not bring a fresh quota');
          assert.equal(another.body.error?.code, 'rate_limited');
          assert.equal(members.status, 200, 'a user with a cookie has a quota of its own');
        });

        test('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
          const direct = await backendWith();
          const proxied = await backendWith({ trustProxy: true });
          const exhaust = async (backend: Backend) => {
            for (let i = 0; i < 20; i += 1) {
              await backend.call('GET', '/files', {
                headers: { 'X-Forwarded-For': '203.0.113.7' },
              });
            }
          };
          await exhaust(direct);
          await exhaust(proxied);

          const forged = await direct.call('GET', '/files', {
            headers: { 'X-Forwarded-For': '198.51.100.9' },
          });
          const other = await proxied.call('GET', '/files', {
            headers: { 'X-Forwarded-For': '203.0.113.7, 198.51.100.9' },
          });
          const same = await proxied.call('GET', '/files', {
            headers: { 'X-Forwarded-For': '198.51.100.9, 203.0.113.7' },
          });

          assert.equal(forged.status, 429, 'without TRUST_PROXY the header is anyone’s');
          assert.equal(other.status, 200, 'the address the proxy appended is another client');
          assert.equal(same.status, 429, 'an entry before the proxy’s own cannot dodge the limit');
        });
      },
    );
  }
}

describe('demo cookie attributes', () => {
  interface Case {
    label: string;
    url: string;
    allowedOrigins?: string[];
    ownOrigins?: string[];
    trustProxy?: boolean;
    headers?: Record<string, string>;
    expected: { sameSite: 'Lax' | 'None'; secure: boolean; partitioned: boolean };
  }
  const lax = { sameSite: 'Lax', secure: false, partitioned: false } as const;
  const laxSecure = { sameSite: 'Lax', secure: true, partitioned: false } as const;
  const crossSite = { sameSite: 'None', secure: true, partitioned: true } as const;
  const forwardedHttps = { 'X-Forwarded-Proto': 'https' };

  const cases: Case[] = [
    {
      label: 'plain http, embedded',
      url: 'http://up.example',
      allowedOrigins: [SHOP],
      expected: lax,
    },
    {
      label: 'https, embedded',
      url: 'https://up.example',
      allowedOrigins: [SHOP],
      expected: crossSite,
    },
    { label: 'https, nothing listed', url: 'https://up.example', expected: laxSecure },
    {
      label: 'https, only its own origin listed',
      url: 'https://up.example',
      allowedOrigins: ['https://up.example'],
      expected: laxSecure,
    },
    {
      label: 'https, only "*" listed (no cookies)',
      url: 'https://up.example',
      allowedOrigins: ['*'],
      expected: laxSecure,
    },
    {
      label: 'https, only its listen origins',
      url: 'https://up.example',
      ownOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      expected: laxSecure,
    },
    {
      label: 'behind a TLS proxy with TRUST_PROXY',
      url: 'http://up.example',
      allowedOrigins: [SHOP],
      trustProxy: true,
      headers: forwardedHttps,
      expected: crossSite,
    },
    {
      label: 'behind a TLS proxy without TRUST_PROXY',
      url: 'http://up.example',
      allowedOrigins: [SHOP],
      headers: forwardedHttps,
      expected: lax,
    },
    {
      label: 'TRUST_PROXY, the proxy says http',
      url: 'http://up.example',
      allowedOrigins: [SHOP],
      trustProxy: true,
      headers: { 'X-Forwarded-Proto': 'http' },
      expected: lax,
    },
    {
      label: 'http://localhost embedded by another host name',
      url: 'http://localhost:3000',
      allowedOrigins: ['http://127.0.0.1:5173'],
      expected: crossSite,
    },
    {
      label: 'http://localhost embedded by another port of localhost (same site)',
      url: 'http://localhost:3000',
      allowedOrigins: ['http://localhost:5173'],
      expected: lax,
    },
    {
      label: 'http://127.0.0.1 with only its listen origins',
      url: 'http://127.0.0.1:3000',
      ownOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      expected: lax,
    },
  ];

  for (const { label, url, expected, headers, ...deps } of cases) {
    test(
      `sets SameSite=${expected.sameSite}${expected.secure ? ' Secure' : ''}` +
        `${expected.partitioned ? ' Partitioned' : ''}: ${label}`,
      async () => {
        const app = createApp({ db: emptyDb, imagekit: stubImageKit, auth: demo, ...deps });

        const response = await app.request(`${url}/generate-auth-params`, { headers });
        const attributes = response.headers.getSetCookie()[0]?.split(/;\s*/) ?? [];

        assert.equal(response.status, 200);
        assert.equal((await response.json()).success, true);
        assert.ok(attributes.includes('HttpOnly'), attributes.join('; '));
        assert.ok(attributes.includes(`SameSite=${expected.sameSite}`), attributes.join('; '));
        assert.equal(attributes.includes('Secure'), expected.secure, attributes.join('; '));
        assert.equal(
          attributes.includes('Partitioned'),
          expected.partitioned,
          attributes.join('; '),
        );
      },
    );
  }
});

/** GET `url` with a Host header fetch() may not set; resolves with the Set-Cookie headers. */
function cookiesFor(url: string, headers: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.headers['set-cookie'] ?? []));
      })
      .once('error', reject);
  });
}

test(
  'startServer passes TRUST_PROXY and ALLOWED_ORIGINS to the demo cookie',
  { timeout: SUITE_TIMEOUT_MS },
  async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'backend-demo-'));
    const server = await startServer({
      env: { DATA_DIR: dataDir, TRUST_PROXY: 'true', ALLOWED_ORIGINS: SHOP },
      port: 0,
      log: false,
    });
    // The public name the proxy serves, so the loopback rule does not apply.
    const host = { Host: 'uploads.example' };

    try {
      const proxied = await cookiesFor(`${server.url}/files`, {
        ...host,
        'X-Forwarded-Proto': 'https',
      });
      const direct = await cookiesFor(`${server.url}/files`, host);

      assert.equal(proxied.length, 1);
      assert.match(
        proxied[0]!,
        new RegExp(`^${DEMO_COOKIE}=.*; HttpOnly; Secure; SameSite=None; Partitioned$`),
      );
      assert.equal(direct.length, 1);
      assert.match(direct[0]!, new RegExp(`^${DEMO_COOKIE}=.*; HttpOnly; SameSite=Lax$`));
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
