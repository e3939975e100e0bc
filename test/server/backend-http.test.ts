import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { addStaticRoutes } from '../../server/static.ts';
import { ENGINES, stopRelay } from '../helpers/engines.ts';
import { startBackend } from '../helpers/engines-backend.ts';
import type { AddressInfo } from 'node:net';
import type { AppEnv } from '../../server/env.ts';
import type { Backend } from '../helpers/engines-backend.ts';

const SHOP = 'https://shop.example';
const PREFLIGHT = {
  'Access-Control-Request-Method': 'POST',
  'Access-Control-Request-Headers': 'authorization,content-type',
};

after(stopRelay);

for (const engine of ENGINES) {
  describe(`CORS [${engine.name}]`, { skip: engine.skip }, () => {
    let exact: Backend;
    let wildcard: Backend;

    before(async () => {
      exact = await startBackend(engine, { deps: { allowedOrigins: [SHOP] } });
      wildcard = await startBackend(engine, { deps: { allowedOrigins: [SHOP, '*'] } });
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
      assert.equal(body.success, true);
      assert.equal(headers.get('access-control-allow-origin'), SHOP);
      assert.equal(headers.get('access-control-allow-credentials'), 'true');
      assert.match(String(headers.get('vary')), /Origin/);
    });

    test('answers a listed origin’s preflight with the methods and headers it needs', async () => {
      const { status, headers } = await exact.call('OPTIONS', '/save-metadata', {
        headers: { Origin: SHOP, ...PREFLIGHT },
      });

      assert.equal(status, 204);
      assert.equal(headers.get('access-control-allow-origin'), SHOP);
      assert.match(String(headers.get('access-control-allow-methods')), /POST/);
      assert.match(String(headers.get('access-control-allow-headers')), /Authorization/);
      assert.equal(headers.get('access-control-allow-credentials'), 'true');
    });

    test('gives an unlisted origin no CORS headers and refuses its preflight', async () => {
      const simple = await exact.call('GET', '/files', {
        user: 'alice',
        headers: { Origin: 'https://evil.example' },
      });
      const preflight = await exact.call('OPTIONS', '/save-metadata', {
        headers: { Origin: 'https://evil.example', ...PREFLIGHT },
      });

      assert.equal(simple.headers.get('access-control-allow-origin'), null);
      assert.match(String(simple.headers.get('vary')), /Origin/);
      assert.equal(preflight.status, 403);
      assert.deepEqual(preflight.body, {
        success: false,
        error: {
          code: 'origin_not_allowed',
          message: 'origin https://evil.example is not in ALLOWED_ORIGINS',
        },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    });

    test('lets any origin call without credentials when "*" is listed', async () => {
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
      assert.equal(listed.headers.get('access-control-allow-origin'), SHOP);
      assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
    });

    test('answers unknown routes with a JSON 404', async () => {
      const { status, body } = await exact.call('GET', '/nope');

      assert.equal(status, 404);
      assert.deepEqual(body, {
        success: false,
        error: { code: 'not_found', message: 'no route for GET /nope' },
      });
    });
  });

  describe(`AUTH_JWKS_URL [${engine.name}]`, { skip: engine.skip }, () => {
    let backend: Backend;
    let jwksServer: ReturnType<typeof createServer>;
    let privateJwk: JsonWebKey & { kid: string; alg: string };
    let fetches = 0;

    before(async () => {
      const pair = (await crypto.subtle.generateKey(
        {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
      privateJwk = {
        ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
        kid: 'k1',
        alg: 'RS256',
      };
      const publicJwk = {
        ...(await crypto.subtle.exportKey('jwk', pair.publicKey)),
        kid: 'k1',
        alg: 'RS256',
      };

      jwksServer = createServer((_req, res) => {
        fetches += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [publicJwk] }));
      });
      await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;

      backend = await startBackend(engine, { deps: { auth: { kind: 'jwks', url } } });
    });
    after(async () => {
      await backend.close();
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    });

    test('accepts an RS256 token whose key is in the JWKS, user from sub', async () => {
      const token = await sign(
        { sub: 'jwks-user', exp: Math.floor(Date.now() / 1000) + 60 },
        privateJwk,
        'RS256',
      );

      const first = await backend.call('GET', '/files', {
        headers: { Authorization: `Bearer ${token}` },
      });
      const second = await backend.call('GET', '/files', {
        headers: { Authorization: `Bearer ${token}` },
      });

      assert.equal(first.status, 200);
      assert.deepEqual(first.body, { success: true, files: [], nextCursor: null });
      assert.equal(second.status, 200);
      assert.equal(fetches, 1, 'keys are cached between requests');
    });

    test('answers 401 for an HS256 token when keys come from a JWKS', async () => {
      const { status, body } = await backend.call('GET', '/files', { user: 'hs256-user' });

      assert.equal(status, 401);
      assert.equal(body.error?.code, 'unauthorized');
    });

    test('answers 401 for an expired token', async () => {
      const token = await sign(
        { sub: 'jwks-user', exp: Math.floor(Date.now() / 1000) - 60 },
        privateJwk,
        'RS256',
      );

      const { status, body } = await backend.call('GET', '/files', {
        headers: { Authorization: `Bearer ${token}` },
      });

      assert.equal(status, 401);
      assert.equal(body.error?.code, 'unauthorized');
    });
  });
}

describe('static files in local mode', () => {
  let root: string;
  const app = new Hono<AppEnv>();

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'backend-static-'));
    await mkdir(path.join(root, 'demo'));
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(path.join(root, 'dist', 'imagekit-uploader.js'), 'console.log(1);');
    addStaticRoutes(app, { demoDir: path.join(root, 'demo'), distDir: path.join(root, 'dist') });
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('serves the demo page at /', async () => {
    const response = await app.request('/');

    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /text\/html/);
    assert.equal(await response.text(), '<!doctype html><title>demo</title>');
  });

  test('serves the built widget at /imagekit-uploader.js', async () => {
    const response = await app.request('/imagekit-uploader.js');

    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /javascript/);
    assert.equal(await response.text(), 'console.log(1);');
  });

  test('falls through when a bundle has not been built', async () => {
    const response = await app.request('/imagekit-uploader.es.js');

    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });
});
