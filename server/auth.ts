/**
 * Who is calling: a JWT (shared secret or JWKS), a demo user kept in a signed cookie, or the
 * embedding server's own hook. Each strategy ends by setting `userId` on the context.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { jwk } from 'hono/jwk';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './errors.ts';
import { createHs256Verifier, JwtRejectedError } from './jwt-hs256.ts';
import type { Context, MiddlewareHandler } from 'hono';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import type { AppEnv } from './env.ts';

/** Returns the signed-in user's id, or null/undefined when the request is not signed in. */
export type ResolveUser = (
  c: Context<AppEnv>,
) => string | null | undefined | Promise<string | null | undefined>;

export type AuthOptions =
  | { kind: 'jwt'; secret: string }
  | { kind: 'jwks'; url: string; cacheSeconds?: number }
  | { kind: 'demo'; sessionSecret: string }
  | { kind: 'hook'; resolveUser: ResolveUser };

export const DEMO_COOKIE = 'ik_demo_user';

const DEMO_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

function setUserFromPayload(c: Context<AppEnv>): void {
  const payload: unknown = c.get('jwtPayload');
  const sub =
    typeof payload === 'object' && payload !== null && 'sub' in payload ? payload.sub : '';
  if (typeof sub !== 'string' || sub === '') throw unauthorized('the token has no "sub" claim');
  c.set('userId', sub);
}

/** The 401 Hono's JWT middleware answers, challenge header included, for the app's error handler. */
function bearerChallenge(
  c: Context<AppEnv>,
  error: 'invalid_request' | 'invalid_token',
  description: string,
  cause?: unknown,
): HTTPException {
  const realm = c.req.url.replace(/[\\"]/g, '\\$&');
  const res = new Response('Unauthorized', {
    status: 401,
    headers: {
      'WWW-Authenticate': `Bearer realm="${realm}",error="${error}",error_description="${description}"`,
    },
  });
  return new HTTPException(401, { message: description, res, cause });
}

function jwtAuth(secret: string): MiddlewareHandler<AppEnv> {
  const verify = createHs256Verifier(secret);

  return async (c, next) => {
    const credentials = c.req.header('Authorization');
    if (!credentials) {
      throw bearerChallenge(c, 'invalid_request', 'no authorization included in request');
    }

    const parts = credentials.split(/\s+/);
    if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'bearer') {
      throw bearerChallenge(c, 'invalid_request', 'invalid credentials structure');
    }

    try {
      c.set('jwtPayload', verify(parts[1]!));
    } catch (error) {
      if (!(error instanceof JwtRejectedError)) throw error;
      throw bearerChallenge(c, 'invalid_token', 'token verification failure', error);
    }

    setUserFromPayload(c);
    await next();
  };
}

/**
 * Keys are fetched once per `cacheSeconds` rather than per request, and a failed fetch is a 503
 * (our dependency is down), not a 401 (the caller's token is bad).
 */
function jwksAuth(url: string, cacheSeconds = 300): MiddlewareHandler<AppEnv> {
  let cached: { keys: HonoJsonWebKey[]; at: number } | null = null;

  const loadKeys = async (): Promise<HonoJsonWebKey[]> => {
    if (cached && Date.now() - cached.at < cacheSeconds * 1000) return cached.keys;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error('no "keys" array');
      cached = { keys: body.keys as HonoJsonWebKey[], at: Date.now() };
      return cached.keys;
    } catch {
      throw new ApiError(
        503,
        'auth_unavailable',
        'could not load signing keys from AUTH_JWKS_URL',
        {
          'Retry-After': '5',
        },
      );
    }
  };

  let keys: HonoJsonWebKey[] = [];
  const verify = jwk({ keys: () => keys, alg: [...ASYMMETRIC_ALGS] });

  return async (c, next) => {
    if (c.req.header('Authorization')) keys = await loadKeys();
    return verify(c, async () => {
      setUserFromPayload(c);
      await next();
    });
  };
}

function demoAuth(sessionSecret: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let id = await getSignedCookie(c, sessionSecret, DEMO_COOKIE);

    // A missing or tampered cookie gets a new anonymous user, as a new browser would.
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
      id = randomUUID();
      await setSignedCookie(c, DEMO_COOKIE, id, sessionSecret, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: DEMO_COOKIE_MAX_AGE,
        secure: new URL(c.req.url).protocol === 'https:',
      });
    }

    c.set('userId', `demo:${id}`);
    await next();
  };
}

function hookAuth(resolveUser: ResolveUser): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const userId = await resolveUser(c);
    if (!userId) throw unauthorized('sign in first');
    c.set('userId', userId);
    await next();
  };
}

/** The middleware that sets `c.var.userId` or answers 401. */
export function createAuthMiddleware(options: AuthOptions): MiddlewareHandler<AppEnv> {
  switch (options.kind) {
    case 'jwt':
      return jwtAuth(options.secret);
    case 'jwks':
      return jwksAuth(options.url, options.cacheSeconds);
    case 'demo':
      return demoAuth(options.sessionSecret);
    case 'hook':
      return hookAuth(options.resolveUser);
  }
}
