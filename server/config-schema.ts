/**
 * The environment variables, each with its rule, and the checks that span several of them.
 * `loadConfig` in config.ts turns the result into the typed configuration.
 *
 * @module
 */
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** The widget asks for this many signatures at once (`?count=`), so a limit must allow it. */
export const MIN_AUTH_PARAMS_RATE_LIMIT = 20;

/**
 * ImageKit refuses an `expire` an hour or more ahead of its own clock; the margin keeps a server
 * clock a few minutes fast from producing signatures ImageKit refuses.
 */
export const MAX_AUTH_EXPIRE_SECONDS = 3000;

/** Values that should be read as "not set", so `FOO=` in a `.env` file means the default. */
export function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be a whole number');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const bool = z.stringbool({ error: 'must be true or false' });

const origin = z.string().refine(
  (value) => {
    if (value === '*') return true;
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { error: 'each entry must be "*" or an origin like https://example.com (no path)' },
);

/**
 * The environment variables, one rule each. Each line here is copied into the README.
 */
export const envSchema = z.object({
  /** HTTP port of the backend (default 3000; 0 picks a free port). */
  PORT: optional(port).default(3000),
  /** Interface to listen on (default 127.0.0.1; use 0.0.0.0 in a container). */
  HOST: optional(z.string()).default('127.0.0.1'),
  /**
   * Folder for local data: PGlite database, local ImageKit files, generated keys (default ./.data).
   */
  DATA_DIR: optional(z.string()).default('./.data'),
  /**
   * ImageKit public key; set all three IMAGEKIT_* keys or none (none = local ImageKit stand-in).
   */
  IMAGEKIT_PUBLIC_KEY: optional(z.string()),
  /** ImageKit private key; stays on the server, never sent to a browser or written to a log. */
  IMAGEKIT_PRIVATE_KEY: optional(z.string()),
  /** ImageKit URL endpoint, e.g. https://ik.imagekit.io/your_id. */
  IMAGEKIT_URL_ENDPOINT: optional(httpUrl),
  /** Where browsers post uploads (default https://upload.imagekit.io/api/v1/files/upload). */
  IMAGEKIT_UPLOAD_URL: optional(httpUrl).default('https://upload.imagekit.io/api/v1/files/upload'),
  /** Base URL of ImageKit's file API used to verify and delete files (default https://api.imagekit.io). */
  IMAGEKIT_API_BASE_URL: optional(httpUrl).default('https://api.imagekit.io'),
  /** Port of the local ImageKit stand-in in local mode (default PORT+1, or 0 when PORT is 0). */
  LOCAL_IMAGEKIT_PORT: optional(port),
  /** Largest upload the local ImageKit accepts, in bytes (default 26214400 = 25 MB). */
  LOCAL_IMAGEKIT_MAX_FILE_SIZE: optional(positiveInt.min(1, 'must be at least 1')).default(
    25 * 1024 * 1024,
  ),
  /** PostgreSQL (Neon) connection string; unset = embedded PGlite in DATA_DIR/pglite. */
  DATABASE_URL: optional(
    z.url({
      protocol: /^postgres(ql)?$/,
      hostname: /./,
      error: 'must be a postgres:// or postgresql:// URL with a host',
    }),
  ),
  /**
   * Most PostgreSQL connections the server opens at once (default 10); requests beyond wait for
   * one.
   */
  DATABASE_POOL_SIZE: optional(
    positiveInt.min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
  ).default(10),
  /**
   * Local development only: reach a plain Postgres through a WebSocket relay, e.g.
   * 127.0.0.1:8080/v1?address={host}:{port} (plain ws).
   */
  NEON_WS_PROXY: optional(z.string()),
  /** Secret for HS256 JWTs in `Authorization: Bearer`; the user id is the token's `sub`. */
  AUTH_JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /** JWKS URL for asymmetric JWTs (RS256, ES256, EdDSA...); the user id is the token's `sub`. */
  AUTH_JWKS_URL: optional(httpUrl),
  /**
   * true = anonymous demo user per browser in a signed cookie (default: true only in local mode).
   */
  AUTH_DEMO: optional(bool),
  /** Signs the demo-user cookie (32+ characters); generated into DATA_DIR in local mode. */
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /**
   * Comma-separated origins allowed to call the API (CORS); "*" allows any origin without cookies.
   */
  ALLOWED_ORIGINS: optional(z.string()),
  /** true = behind a TLS proxy: trust X-Forwarded-Proto and X-Forwarded-For (default false). */
  TRUST_PROXY: optional(bool).default(false),
  /** Largest accepted request body in bytes (default 262144). */
  BODY_LIMIT_BYTES: optional(positiveInt.min(1024, 'must be at least 1024')).default(262144),
  /** Upload signatures each user may get per minute (default 120; at least 20, one batch). */
  AUTH_PARAMS_RATE_LIMIT: optional(
    positiveInt.min(
      MIN_AUTH_PARAMS_RATE_LIMIT,
      `must be at least ${MIN_AUTH_PARAMS_RATE_LIMIT}, the largest batch the widget asks for ` +
        `at once`,
    ),
  ).default(120),
  /**
   * Lifetime of upload signatures in seconds (default 600; 30 to 3000, ImageKit requires under
   * 3600).
   */
  AUTH_EXPIRE_SECONDS: optional(
    positiveInt
      .min(30, 'must be at least 30')
      .max(
        MAX_AUTH_EXPIRE_SECONDS,
        `must be at most ${MAX_AUTH_EXPIRE_SECONDS} (ImageKit refuses 3600 or more; the rest ` +
          `is room for clock drift)`,
      ),
  ).default(600),
  /** debug, info, warn, error or silent (default info). */
  LOG_LEVEL: optional(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  ).default('info'),
  /** Serve the demo page at / and the widget bundle (default true in local mode). */
  SERVE_DEMO: optional(bool),
});

export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim().replace(/\/$/, ''))
    .filter((entry) => entry !== '');
}

export interface EnvIssue {
  name: string;
  message: string;
}

/**
 * The rules between variables. They read the raw values, not the parsed ones, so that they are
 * reported together with every single-variable problem instead of after those are fixed.
 */
export function crossChecks(env: Record<string, string | undefined>): EnvIssue[] {
  const raw = (name: string) => blankToUndefined(env[name]) as string | undefined;
  const issues: EnvIssue[] = [];

  const keys = ['IMAGEKIT_PUBLIC_KEY', 'IMAGEKIT_PRIVATE_KEY', 'IMAGEKIT_URL_ENDPOINT'];
  const set = keys.filter((key) => raw(key) !== undefined);
  if (set.length > 0 && set.length < keys.length) {
    for (const key of keys.filter((k) => raw(k) === undefined)) {
      issues.push({
        name: key,
        message:
          `is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (set all ` +
          `three or none)`,
      });
    }
  }

  const jwt = raw('AUTH_JWT_SECRET') !== undefined;
  const jwks = raw('AUTH_JWKS_URL') !== undefined;
  if (jwt && jwks) {
    issues.push({
      name: 'AUTH_JWKS_URL',
      message: 'cannot be combined with AUTH_JWT_SECRET; choose one',
    });
  }
  if (bool.safeParse(raw('AUTH_DEMO')).data === true && (jwt || jwks)) {
    issues.push({
      name: 'AUTH_DEMO',
      message: 'cannot be true together with AUTH_JWT_SECRET or AUTH_JWKS_URL; choose one',
    });
  }

  for (const entry of splitList(raw('ALLOWED_ORIGINS'))) {
    const result = origin.safeParse(entry);
    if (!result.success) {
      issues.push({
        name: 'ALLOWED_ORIGINS',
        message: `"${entry}": ${result.error.issues[0]?.message ?? 'invalid origin'}`,
      });
    }
  }

  return issues;
}
