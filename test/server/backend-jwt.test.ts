import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { sign } from 'hono/jwt';
import { createApp } from '../../server/app.ts';
import { createHs256Verifier, JwtRejectedError } from '../../server/jwt-hs256.ts';
import type { ImageKitService } from '../../server/imagekit.ts';
import type { Queryable } from '../../server/db/types.ts';

const SECRET = 'jwt-test-secret-that-is-long-enough!!';
const verify = createHs256Verifier(SECRET);
const now = () => Math.floor(Date.now() / 1000);

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token built by hand, so a test can set any header or claim. */
function handMade(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function rejection(token: string): string {
  try {
    verify(token);
  } catch (error) {
    assert.ok(error instanceof JwtRejectedError, `unexpected ${String(error)}`);
    return error.message;
  }
  assert.fail('the token was accepted');
}

describe('HS256 verification', () => {
  test('accepts a token signed by hono/jwt with the same secret', async () => {
    const token = await sign({ sub: 'alice', iat: now(), exp: now() + 60 }, SECRET, 'HS256');

    assert.equal(verify(token).sub, 'alice');
  });

  test('accepts a header without typ and one with typ application/jwt', () => {
    assert.equal(verify(handMade({ alg: 'HS256' }, { sub: 'a' })).sub, 'a');
    assert.equal(verify(handMade({ alg: 'HS256', typ: 'application/JWT' }, { sub: 'b' })).sub, 'b');
  });

  test('refuses a token signed with another secret', async () => {
    const forged = await sign(
      { sub: 'mallory' },
      'another-secret-another-secret-another!',
      'HS256',
    );

    assert.equal(rejection(forged), 'the signature does not match');
  });

  test('refuses a payload changed after signing', async () => {
    const token = await sign({ sub: 'alice' }, SECRET, 'HS256');
    const [header, , signature] = token.split('.');

    assert.equal(
      rejection(`${header}.${part({ sub: 'admin' })}.${signature}`),
      'the signature does not match',
    );
  });

  test('refuses a signature spelled with base64 padding', async () => {
    const token = await sign({ sub: 'alice' }, SECRET, 'HS256');

    assert.equal(rejection(`${token}=`), 'the signature does not match');
  });

  test('refuses an expired token', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now() - 1 });

    assert.equal(rejection(token), 'the token expired');
  });

  test('refuses a token that expires this very second', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now() });

    assert.equal(rejection(token), 'the token expired');
  });

  test('refuses a token whose exp is not a number', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: String(now() + 60) });

    assert.equal(rejection(token), 'the "exp" claim is not a number');
  });

  test('refuses a token not valid before a later time', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', nbf: now() + 60 });

    assert.equal(rejection(token), 'the token is not valid yet');
  });

  test('refuses a token issued in the future', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', iat: now() + 60 });

    assert.equal(rejection(token), 'the token was issued in the future');
  });

  test('refuses a header naming another algorithm, even when the HMAC matches', () => {
    for (const alg of ['none', 'HS512', 'RS256']) {
      const token = handMade({ alg, typ: 'JWT' }, { sub: 'a' });

      assert.equal(rejection(token), 'the token header is not an HS256 JWT header', alg);
    }
  });

  test('refuses an unsigned token with alg none', () => {
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'a' })}.`;

    assert.equal(rejection(token), 'the signature does not match');
  });

  test('refuses a header with a crit extension or another typ', () => {
    const crit = handMade({ alg: 'HS256', crit: ['b64'], b64: false }, { sub: 'a' });
    const typ = handMade({ alg: 'HS256', typ: 'at+jwt' }, { sub: 'a' });

    assert.equal(rejection(crit), 'the token header is not an HS256 JWT header');
    assert.equal(rejection(typ), 'the token type is not JWT');
  });

  test('refuses a token that is not three parts', () => {
    assert.equal(rejection('not.a'), 'the token does not have three parts');
    assert.equal(rejection('a.b.c.d'), 'the token does not have three parts');
  });

  test('refuses a signed payload that is not a JSON object', () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, ['sub', 'a']);

    assert.equal(rejection(token), 'the token payload is not an object');
  });
});

describe('JWT auth in the app', () => {
  const unusedDb: Queryable = {
    query: () => Promise.reject(new Error('no database in this test')),
  };
  const imagekit: ImageKitService = {
    publicKey: 'public_test',
    uploadUrl: 'http://127.0.0.1:9/api/v1/files/upload',
    urlEndpoint: 'http://127.0.0.1:9/local',
    sign: (lifetime) => ({ token: 't', expire: 1_700_000_000 + lifetime, signature: 's' }),
    getFile: () => Promise.reject(new Error('not called')),
    deleteFile: () => Promise.reject(new Error('not called')),
  };
  const app = createApp({ db: unusedDb, imagekit, auth: { kind: 'jwt', secret: SECRET } });

  test('answers 401 with an invalid_token challenge for an expired token', async () => {
    const expired = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now() - 5 });

    const response = await app.request('http://localhost/generate-auth-params', {
      headers: { Authorization: `Bearer ${expired}` },
    });

    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      success: false,
      error: { code: 'unauthorized', message: 'missing or invalid credentials' },
    });
    assert.equal(
      response.headers.get('www-authenticate'),
      'Bearer realm="http://localhost/generate-auth-params",error="invalid_token",error_description="token verification failure"',
    );
  });

  test('answers 401 with an invalid_request challenge for a non-Bearer scheme', async () => {
    const response = await app.request('http://localhost/files', {
      headers: { Authorization: 'Basic YWxpY2U6c2VjcmV0' },
    });

    assert.equal(response.status, 401);
    assert.equal((await response.json()).error.code, 'unauthorized');
    assert.match(String(response.headers.get('www-authenticate')), /error="invalid_request"/);
  });

  test('answers 401 for a validly signed token without exp', async () => {
    const forever = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', iat: now() });

    const response = await app.request('http://localhost/generate-auth-params', {
      headers: { Authorization: `Bearer ${forever}` },
    });

    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      success: false,
      error: { code: 'unauthorized', message: 'missing or invalid credentials' },
    });
    assert.match(String(response.headers.get('www-authenticate')), /error="invalid_token"/);
  });

  test('signs for the user of a valid token', async () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'alice', exp: now() + 60 });

    const response = await app.request('http://localhost/generate-auth-params', {
      headers: { Authorization: `Bearer ${token}` },
    });

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      success: true,
      token: 't',
      expire: 1_700_000_600,
      signature: 's',
      publicKey: 'public_test',
      uploadUrl: 'http://127.0.0.1:9/api/v1/files/upload',
    });
  });
});
