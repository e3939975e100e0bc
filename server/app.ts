/**
 * The Hono app: upload signing, saving, listing and deleting files for the signed-in user.
 * Standalone via `server/main.ts`, or mounted in another Hono app:
 *
 * @example
 * ```ts
 * const api = createApp({
 *   db,
 *   imagekit,
 *   auth: { kind: 'hook', resolveUser: (c) => c.get('user')?.id },
 * });
 * existing.route('/uploads', api);
 * ```
 *
 * @module
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { timeout } from 'hono/timeout';
import { createAuthMiddleware } from './auth.ts';
import { MAX_AUTH_EXPIRE_SECONDS, MIN_AUTH_PARAMS_RATE_LIMIT } from './config-schema.ts';
import { corsMiddleware } from './cors.ts';
import { createFilesRepository } from './db/files-repo.ts';
import { ApiError, RequestDeadlineError } from './errors.ts';
import { errorHandler, failureResponse, logFailure } from './failures.ts';
import { refuseOtherMethods } from './methods.ts';
import { silentLogger } from './log.ts';
import { createRateLimiter } from './rate-limit.ts';
import { authParamsRoutes } from './routes/auth-params.ts';
import { filesRoutes } from './routes/files.ts';
import { healthRoutes } from './routes/health.ts';
import type { MiddlewareHandler } from 'hono';
import type { AuthOptions } from './auth.ts';
import type { Queryable } from './db/types.ts';
import type { AppEnv } from './env.ts';
import type { ImageKitService } from './imagekit.ts';
import type { Logger } from './log.ts';

export type { AppEnv } from './env.ts';
export type { AuthOptions, ResolveUser } from './auth.ts';

export interface AppDeps {
  /** Migrated database (see `openDatabase`). */
  db: Queryable;
  imagekit: ImageKitService;
  /** How requests are tied to a user. */
  auth: AuthOptions;
  /** Exact origins may send credentials; "*" allows any origin without them. Default: none. */
  allowedOrigins?: readonly string[];
  /**
   * The server's own listen origins (e.g. http://localhost:3000 and http://127.0.0.1:3000),
   * allowed like exact origins but never counted as another site embedding the widget.
   */
  ownOrigins?: readonly string[];
  /** Behind a proxy: honour X-Forwarded-Proto and X-Forwarded-For. Default false. */
  trustProxy?: boolean;
  /** Default 262144. */
  bodyLimitBytes?: number;
  /** Upload signatures per user per minute, at least 20. Default 120. */
  authParamsRateLimit?: number;
  /** Lifetime of upload signatures, 30 to 3000 seconds. Default 600. */
  authExpireSeconds?: number;
  /**
   * Longest a request may take, in ms, before it is answered 504: shorter than the widget's
   * `request-timeout` (30 s by default), so a stuck ImageKit or database shows as a failure
   * the backend explains. Default 20000.
   */
  requestTimeoutMs?: number;
  logger?: Logger;
}

function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();

    // Path only: query strings and headers may carry credentials.
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      userId: c.get('userId'),
    });
  };
}

/** The same bounds as AUTH_PARAMS_RATE_LIMIT and AUTH_EXPIRE_SECONDS, for embedders. */
function checkLimits(deps: AppDeps): void {
  const rate = deps.authParamsRateLimit;
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= MIN_AUTH_PARAMS_RATE_LIMIT)) {
    throw new RangeError(
      `createApp: authParamsRateLimit must be a whole number of at least ` +
        `${MIN_AUTH_PARAMS_RATE_LIMIT}, the largest batch the widget asks for (got ${rate})`,
    );
  }
  const deadline = deps.requestTimeoutMs;
  if (deadline !== undefined && !(Number.isInteger(deadline) && deadline > 0)) {
    throw new RangeError(
      `createApp: requestTimeoutMs must be a whole number of ms above 0 (got ${deadline})`,
    );
  }
  const expire = deps.authExpireSeconds;
  if (
    expire !== undefined &&
    !(Number.isInteger(expire) && expire >= 30 && expire <= MAX_AUTH_EXPIRE_SECONDS)
  ) {
    throw new RangeError(
      `createApp: authExpireSeconds must be a whole number from 30 to ` +
        `${MAX_AUTH_EXPIRE_SECONDS} (got ${expire})`,
    );
  }
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  checkLimits(deps);
  const logger = deps.logger ?? silentLogger;
  const limit = deps.bodyLimitBytes ?? 262_144;
  const rate = deps.authParamsRateLimit ?? 120;
  const allowedOrigins = deps.allowedOrigins ?? [];
  const ownOrigins = deps.ownOrigins ?? [];
  const trustProxy = deps.trustProxy ?? false;
  const files = createFilesRepository(deps.db);
  const auth = createAuthMiddleware(deps.auth, {
    allowedOrigins,
    ownOrigins,
    trustProxy,
    demoSignUps: createRateLimiter(rate),
    logger,
  });

  const app = new Hono<AppEnv>();

  const deadline = deps.requestTimeoutMs ?? 20_000;
  app.use(
    requestId(),
    requestLog(logger),
    corsMiddleware({ allowedOrigins, ownOrigins, trustProxy }),
    timeout(deadline, () => new RequestDeadlineError(deadline / 1000)),
  );
  refuseOtherMethods(app);
  const limitBody = bodyLimit({
    maxSize: limit,
    onError: () => {
      // The rest of the body is never read, so the connection cannot carry another request:
      // telling the client so keeps it from sending its next request into a closing socket.
      throw new ApiError(413, 'payload_too_large', `the request body exceeds ${limit} bytes`, {
        Connection: 'close',
      });
    },
  });
  // A GET or HEAD request never has a body here, and asking for one makes the Node adapter
  // build a whole fetch Request: a tenth of the CPU of an auth-params request.
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );
  // '/files/*' also matches '/files'; listing both ran the auth twice (two demo users).
  for (const path of ['/generate-auth-params', '/save-metadata', '/files/*']) {
    app.use(path, auth);
  }

  app.route('/', healthRoutes(files));
  app.route(
    '/',
    authParamsRoutes({
      imagekit: deps.imagekit,
      rateLimiter: createRateLimiter(rate),
      expireSeconds: deps.authExpireSeconds ?? 600,
    }),
  );
  app.route('/', filesRoutes({ imagekit: deps.imagekit, files }));

  app.notFound((c) => {
    const failure = {
      status: 404 as const,
      code: 'not_found',
      message: `no route for ${c.req.method} ${c.req.path}`,
      headers: {},
    };
    logFailure(logger, c, failure);
    return failureResponse(c, failure);
  });

  app.onError(errorHandler(logger));

  return app;
}
