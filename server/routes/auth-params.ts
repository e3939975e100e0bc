/**
 * `GET /generate-auth-params`: fresh, single-use upload signatures for the signed-in user.
 *
 * @module
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import type { AppEnv } from '../env.ts';
import type { ImageKitService } from '../imagekit.ts';
import type { RateLimiter } from '../rate-limit.ts';

export const MAX_BATCH = 20;

const querySchema = z.object({
  count: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_BATCH}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, `must be a whole number from 1 to ${MAX_BATCH}`)
        .max(MAX_BATCH, `must be a whole number from 1 to ${MAX_BATCH}`),
    )
    .optional(),
});

export interface AuthParamsDeps {
  imagekit: ImageKitService;
  rateLimiter: RateLimiter;
  expireSeconds: number;
}

function tooMany(wait: number): ApiError {
  return new ApiError(429, 'rate_limited', 'too many upload signatures; try again shortly', {
    'Retry-After': String(wait),
  });
}

export function authParamsRoutes(deps: AuthParamsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/generate-auth-params', (c) => {
    // A cached answer would make a browser reuse a token, which ImageKit rejects; this also
    // covers the error answers below.
    c.header('Cache-Control', 'no-store');

    const { count } = parseOrThrow(querySchema, c.req.query());

    // A brand-new demo user has a full quota, so a client that never keeps its cookie is
    // charged by its address as well.
    const newClient = c.get('newDemoClient');
    if (newClient !== undefined) {
      const wait = deps.rateLimiter.take(`ip:${newClient}`, count ?? 1);
      if (wait > 0) throw tooMany(wait);
    }
    const wait = deps.rateLimiter.take(c.get('userId'), count ?? 1);
    if (wait > 0) throw tooMany(wait);

    const { publicKey, uploadUrl } = deps.imagekit;
    if (count === undefined) {
      return c.json({
        success: true,
        ...deps.imagekit.sign(deps.expireSeconds),
        publicKey,
        uploadUrl,
      });
    }

    const params = Array.from({ length: count }, () => deps.imagekit.sign(deps.expireSeconds));
    return c.json({ success: true, publicKey, uploadUrl, params });
  });

  return app;
}
