/**
 * The API's paths and the methods each answers, so a wrong method gets 405 with `Allow`
 * instead of a 404 that suggests the path does not exist. Checked before authentication: the
 * method is wrong whoever asks.
 *
 * @module
 */
import { ApiError } from './errors.ts';
import type { Hono } from 'hono';
import type { AppEnv } from './env.ts';

/** A path pattern as its route declares it, with the methods it answers. */
export interface RouteMethods {
  path: string;
  methods: readonly string[];
}

export const API_ROUTES: readonly RouteMethods[] = [
  { path: '/healthz', methods: ['GET', 'HEAD'] },
  { path: '/generate-auth-params', methods: ['GET', 'HEAD'] },
  { path: '/save-metadata', methods: ['POST'] },
  { path: '/files', methods: ['GET', 'HEAD'] },
  { path: '/files/:fileId', methods: ['DELETE'] },
];

/** Adds the 405 answer for every other method on `routes`' paths (default: the API's). */
export function refuseOtherMethods(
  app: Hono<AppEnv>,
  routes: readonly RouteMethods[] = API_ROUTES,
): void {
  for (const { path, methods } of routes) {
    const allow = methods.join(', ');
    app.use(path, async (c, next) => {
      if (methods.includes(c.req.method)) return next();
      throw new ApiError(
        405,
        'method_not_allowed',
        `${c.req.method} is not allowed on ${c.req.path}; use ${allow}`,
        { Allow: allow },
      );
    });
  }
}
