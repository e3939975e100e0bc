/**
 * CORS from the ALLOWED_ORIGINS list. An exactly listed origin may send credentials (the demo
 * cookie); "*" lets any other origin call without credentials; anything else gets no CORS
 * headers and a refused preflight.
 *
 * @module
 */
import { cors } from 'hono/cors';
import { ApiError } from './errors.ts';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

const shared = {
  allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization'],
  exposeHeaders: ['Retry-After'],
  maxAge: 600,
};

export function corsMiddleware(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const exact = new Set(allowedOrigins.filter((origin) => origin !== '*'));
  const anyOrigin = allowedOrigins.includes('*');

  const withCredentials = cors({ ...shared, origin: (origin) => origin, credentials: true });
  const withoutCredentials = cors({ ...shared, origin: '*' });

  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin && exact.has(origin)) return withCredentials(c, next);
    if (origin && anyOrigin) return withoutCredentials(c, next);

    // The answer depends on the Origin header, so caches must keep them apart.
    c.header('Vary', 'Origin', { append: true });

    if (origin && c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not in ALLOWED_ORIGINS`);
    }
    await next();
  };
}
