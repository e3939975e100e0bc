/**
 * Anonymous demo users: a random id in a signed HttpOnly cookie, one per browser. A reading
 * request without a valid cookie is a new user, so new users are counted per client address:
 * otherwise every cookieless request would be a fresh user with a fresh quota. A writing request
 * (save, delete) without one is refused: a new user there would own the row, and nobody could
 * ever list it again.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { ApiError } from './errors.ts';
import { clientAddress, isSecureRequest, ownOrigin } from './request-info.ts';
import type { Context, MiddlewareHandler } from 'hono';
import type { CookieOptions } from 'hono/utils/cookie';
import type { AppEnv } from './env.ts';
import type { RateLimiter } from './rate-limit.ts';

export const DEMO_COOKIE = 'ik_demo_user';

const DEMO_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const SIGN_UP_METHODS = new Set(['GET', 'HEAD']);

export interface DemoAuthOptions {
  sessionSecret: string;
  /** ALLOWED_ORIGINS: listed origins may embed the widget with `credentials = 'include'`. */
  allowedOrigins: readonly string[];
  /** The server's own listen origins; they embed nothing. */
  ownOrigins: readonly string[];
  trustProxy: boolean;
  /** New demo users per client address. */
  signUps: RateLimiter;
}

/**
 * Lax keeps the cookie off cross-site requests, which is right unless another site embeds the
 * widget: then only `SameSite=None` (which browsers accept only with `Secure`) reaches the
 * backend, and `Partitioned` keeps it working where third-party cookies are blocked (Chromium
 * then keeps one demo user per embedding site). Chromium treats http://localhost and
 * http://127.0.0.1 as secure too; there the switch waits for a listed origin on another host
 * name, as other ports of the same host are the same site and Lax works everywhere.
 */
function cookieAttributes(
  c: Context<AppEnv>,
  options: DemoAuthOptions,
): Pick<CookieOptions, 'sameSite' | 'secure' | 'partitioned'> {
  const own = ownOrigin(c, options.trustProxy);
  const embedding = options.allowedOrigins.filter(
    (origin) => origin !== '*' && origin !== own && !options.ownOrigins.includes(origin),
  );

  if (isSecureRequest(c, options.trustProxy)) {
    return embedding.length > 0
      ? { sameSite: 'None', secure: true, partitioned: true }
      : { sameSite: 'Lax', secure: true };
  }

  const { hostname } = new URL(own);
  const otherHost = embedding.some((origin) => new URL(origin).hostname !== hostname);
  if (LOOPBACK_HOSTS.has(hostname) && otherHost) {
    return { sameSite: 'None', secure: true, partitioned: true };
  }
  return { sameSite: 'Lax', secure: false };
}

export function demoAuth(options: DemoAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let id = await getSignedCookie(c, options.sessionSecret, DEMO_COOKIE);

    // A missing or tampered cookie gets a new anonymous user, as a new browser would.
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
      // A cross-origin page without credentials="include" sends no cookie: its save would go
      // to a brand-new user while the page shows "Saved".
      if (!SIGN_UP_METHODS.has(c.req.method)) {
        throw new ApiError(
          401,
          'demo_session_required',
          'no demo session cookie was sent; when the backend is on another origin, set ' +
            'credentials="include" on the widget and list the page in ALLOWED_ORIGINS',
        );
      }

      const address = clientAddress(c, options.trustProxy);
      const wait = options.signUps.take(`ip:${address}`);
      if (wait > 0) {
        throw new ApiError(
          429,
          'rate_limited',
          'too many new demo users from this address; send the demo cookie back ' +
            '(credentials) or try again shortly',
          { 'Retry-After': String(wait) },
        );
      }

      id = randomUUID();
      await setSignedCookie(c, DEMO_COOKIE, id, options.sessionSecret, {
        httpOnly: true,
        path: '/',
        maxAge: DEMO_COOKIE_MAX_AGE,
        ...cookieAttributes(c, options),
      });
      c.set('newDemoClient', address);
    }

    c.set('userId', `demo:${id}`);
    await next();
  };
}
