/**
 * Who is calling: a JWT (shared secret or JWKS), a demo user kept in a signed cookie, or the
 * embedding server's own hook. Each strategy ends by setting `userId` on the context.
 *
 * @module
 */
import { HTTPException } from 'hono/http-exception';
import { demoAuth } from './auth-demo.ts';
import { createJwksVerifier } from './auth-jwks.ts';
import { ApiError } from './errors.ts';
import { createHs256Verifier, JwtRejectedError } from './jwt-hs256.ts';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import type { Logger } from './log.ts';
import type { RateLimiter } from './rate-limit.ts';

export { DEMO_COOKIE } from './auth-demo.ts';

/** Returns the signed-in user's id, or null/undefined when the request is not signed in. */
export type ResolveUser = (
  c: Context<AppEnv>,
) => string | null | undefined | Promise<string | null | undefined>;

export type AuthOptions =
  | { kind: 'jwt'; secret: string }
  | { kind: 'jwks'; url: string; cacheSeconds?: number; minRefetchSeconds?: number }
  | { kind: 'demo'; sessionSecret: string }
  | { kind: 'hook'; resolveUser: ResolveUser };

/** What the app knows that the strategies need. */
export interface AuthContext {
  /** ALLOWED_ORIGINS, for the demo cookie's SameSite. */
  allowedOrigins: readonly string[];
  ownOrigins: readonly string[];
  trustProxy: boolean;
  /** New demo users per client address. */
  demoSignUps: RateLimiter;
  logger: Logger;
}

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

/**
 * The 401 Hono's JWT middleware answers, challenge header included, for the app's error handler.
 */
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
      'WWW-Authenticate':
        `Bearer realm="${realm}",error="${error}",` + `error_description="${description}"`,
    },
  });
  return new HTTPException(401, { message: description, res, cause });
}

type Verify = (token: string) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** `Authorization: Bearer <JWT>`, verified by `verify`; the user is the token's `sub`. */
function bearerAuth(verify: Verify): MiddlewareHandler<AppEnv> {
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
      const payload = await verify(parts[1]!);
      // A token without an expiry would be a password that never changes: a leaked one would
      // work forever. The verifiers have checked `exp` when present.
      if (typeof payload.exp !== 'number') throw new JwtRejectedError('the token has no "exp"');
      c.set('jwtPayload', payload);
    } catch (error) {
      if (!(error instanceof JwtRejectedError)) throw error;
      throw bearerChallenge(c, 'invalid_token', 'token verification failure', error);
    }

    setUserFromPayload(c);
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
export function createAuthMiddleware(
  options: AuthOptions,
  context: AuthContext,
): MiddlewareHandler<AppEnv> {
  switch (options.kind) {
    case 'jwt':
      return bearerAuth(createHs256Verifier(options.secret));
    case 'jwks':
      return bearerAuth(createJwksVerifier({ ...options, logger: context.logger }));
    case 'demo':
      return demoAuth({
        sessionSecret: options.sessionSecret,
        allowedOrigins: context.allowedOrigins,
        ownOrigins: context.ownOrigins,
        trustProxy: context.trustProxy,
        signUps: context.demoSignUps,
      });
    case 'hook':
      return hookAuth(options.resolveUser);
  }
}
