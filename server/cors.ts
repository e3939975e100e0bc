/**
 * Which origins may call the API, from the ALLOWED_ORIGINS list. An exactly listed origin (or
 * one of the server's own listen origins) may send credentials (the demo cookie); "*" lets any
 * other origin call without them; a same-origin page needs no listing. Every other request that
 * names an Origin is refused before it runs: a browser would hide the answer from the page, but
 * the request itself (signing tokens, saving a row) would still have had its effect.
 *
 * @module
 */
import { ApiError } from './errors.ts';
import { ownOrigin } from './request-info.ts';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Authorization';
const MAX_AGE_SECONDS = '600';

export interface CorsOptions {
  /** ALLOWED_ORIGINS: exact origins and "*". */
  allowedOrigins: readonly string[];
  /** The server's own listen origins (local mode), allowed as if listed exactly. */
  ownOrigins?: readonly string[];
  trustProxy: boolean;
}

type Verdict = 'same-origin' | 'credentials' | 'any' | 'refused';

export function corsMiddleware(options: CorsOptions): MiddlewareHandler<AppEnv> {
  const exact = new Set([
    ...options.allowedOrigins.filter((origin) => origin !== '*'),
    ...(options.ownOrigins ?? []),
  ]);
  const anyOrigin = options.allowedOrigins.includes('*');

  const judge = (origin: string, own: string): Verdict => {
    if (exact.has(origin)) return 'credentials';
    if (origin === own) return 'same-origin';
    return anyOrigin ? 'any' : 'refused';
  };

  return async (c, next) => {
    // Every answer depends on the Origin header, the refusals too, so caches keep them apart.
    // Headers go through c.header(): touching c.res before the handler runs makes Hono rebuild
    // the handler's answer as a full fetch Response, a fifth of a signing request's CPU.
    c.header('Vary', 'Origin', { append: true });

    const origin = c.req.header('Origin');
    if (origin === undefined) return next();

    const verdict = judge(origin, ownOrigin(c, options.trustProxy));
    if (verdict === 'refused') {
      // The error handler logs the refusal (a warn line naming the origin) like any 4xx.
      throw new ApiError(
        403,
        'origin_not_allowed',
        `origin ${origin.slice(0, 200)} is not in ALLOWED_ORIGINS`,
      );
    }
    if (verdict === 'same-origin') return next();

    c.header('Access-Control-Allow-Origin', verdict === 'credentials' ? origin : '*');
    if (verdict === 'credentials') c.header('Access-Control-Allow-Credentials', 'true');
    // Date lets the widget judge token lifetimes by the server's clock, not the browser's.
    c.header('Access-Control-Expose-Headers', 'Retry-After, Date');

    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', MAX_AGE_SECONDS);
      return c.body(null, 204);
    }
    return next();
  };
}
