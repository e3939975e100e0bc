/**
 * The environment schema. Every setting comes from the environment (and an optional `.env` file);
 * a bad or missing variable stops startup with a message naming it.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Values that should be read as "not set", so `FOO=` in a `.env` file means the default. */
function blankToUndefined(value: unknown): unknown {
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
 * The environment variables. Each line here is copied into the README.
 */
const envSchema = z
  .object({
    /** HTTP port of the backend (default 3000; 0 picks a free port). */
    PORT: optional(port).default(3000),
    /** Interface to listen on (default 127.0.0.1; use 0.0.0.0 in a container). */
    HOST: optional(z.string()).default('127.0.0.1'),
    /** Folder for local data: PGlite database, local ImageKit files, generated keys (default ./.data). */
    DATA_DIR: optional(z.string()).default('./.data'),
    /** ImageKit public key; set all three IMAGEKIT_* keys or none (none = local ImageKit stand-in). */
    IMAGEKIT_PUBLIC_KEY: optional(z.string()),
    /** ImageKit private key; stays on the server, never sent to a browser or written to a log. */
    IMAGEKIT_PRIVATE_KEY: optional(z.string()),
    /** ImageKit URL endpoint, e.g. https://ik.imagekit.io/your_id. */
    IMAGEKIT_URL_ENDPOINT: optional(httpUrl),
    /** Where browsers post uploads (default https://upload.imagekit.io/api/v1/files/upload). */
    IMAGEKIT_UPLOAD_URL: optional(httpUrl).default(
      'https://upload.imagekit.io/api/v1/files/upload',
    ),
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
      z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }),
    ),
    /** Most PostgreSQL connections the server opens at once (default 10); requests beyond wait for one. */
    DATABASE_POOL_SIZE: optional(
      positiveInt.min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
    ).default(10),
    /** Local development only: reach a plain Postgres through a WebSocket relay, e.g. 127.0.0.1:8080/v1?address={host}:{port} (plain ws). */
    NEON_WS_PROXY: optional(z.string()),
    /** Secret for HS256 JWTs in `Authorization: Bearer`; the user id is the token's `sub`. */
    AUTH_JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
    /** JWKS URL for asymmetric JWTs (RS256, ES256, EdDSA...); the user id is the token's `sub`. */
    AUTH_JWKS_URL: optional(httpUrl),
    /** true = anonymous demo user per browser in a signed cookie (default: true only in local mode). */
    AUTH_DEMO: optional(z.stringbool({ error: 'must be true or false' })),
    /** Signs the demo-user cookie (32+ characters); generated into DATA_DIR in local mode. */
    SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
    /** Comma-separated origins allowed to call the API (CORS); "*" allows any origin without cookies. */
    ALLOWED_ORIGINS: optional(z.string()),
    /** Largest accepted request body in bytes (default 262144). */
    BODY_LIMIT_BYTES: optional(positiveInt.min(1024, 'must be at least 1024')).default(262144),
    /** Upload signatures each user may get per minute (default 120). */
    AUTH_PARAMS_RATE_LIMIT: optional(positiveInt.min(1, 'must be at least 1')).default(120),
    /** Lifetime of upload signatures in seconds (default 600; ImageKit requires under 3600). */
    AUTH_EXPIRE_SECONDS: optional(
      positiveInt.min(30, 'must be at least 30').max(3599, 'must be less than 3600'),
    ).default(600),
    /** debug, info, warn, error or silent (default info). */
    LOG_LEVEL: optional(
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    ).default('info'),
    /** Serve the demo page at / and the widget bundle (default true in local mode). */
    SERVE_DEMO: optional(z.stringbool({ error: 'must be true or false' })),
  })
  .superRefine((env, ctx) => {
    const keys = ['IMAGEKIT_PUBLIC_KEY', 'IMAGEKIT_PRIVATE_KEY', 'IMAGEKIT_URL_ENDPOINT'] as const;
    const set = keys.filter((key) => env[key] !== undefined);
    if (set.length > 0 && set.length < keys.length) {
      for (const key of keys.filter((k) => env[k] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (set all three or none)`,
        });
      }
    }

    if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: 'cannot be combined with AUTH_JWT_SECRET; choose one',
      });
    }
    if (env.AUTH_DEMO === true && (env.AUTH_JWT_SECRET || env.AUTH_JWKS_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_DEMO'],
        message: 'cannot be true together with AUTH_JWT_SECRET or AUTH_JWKS_URL; choose one',
      });
    }

    for (const entry of splitList(env.ALLOWED_ORIGINS)) {
      const result = origin.safeParse(entry);
      if (!result.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['ALLOWED_ORIGINS'],
          message: `"${entry}": ${result.error.issues[0]?.message ?? 'invalid origin'}`,
        });
      }
    }
  });

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ImageKitSettings {
  publicKey: string;
  privateKey: string;
  urlEndpoint: string;
  uploadUrl: string;
  apiBaseUrl: string;
}

export interface Config {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  /** Null means local mode: the local ImageKit stand-in supplies these at startup. */
  imagekit: ImageKitSettings | null;
  localImageKitPort: number;
  /** Bytes. */
  localImageKitMaxFileSize: number;
  databaseUrl: string | null;
  databasePoolSize: number;
  neonWsProxy: string | null;
  jwtSecret: string | null;
  jwksUrl: string | null;
  /** Undefined when not set explicitly: the default depends on local mode. */
  demoAuth: boolean | undefined;
  sessionSecret: string | null;
  allowedOrigins: string[];
  bodyLimitBytes: number;
  authParamsRateLimit: number;
  authExpireSeconds: number;
  logLevel: LogLevel;
  serveDemo: boolean | undefined;
}

/** Thrown when the environment does not describe a runnable server; the message names each variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim().replace(/\/$/, ''))
    .filter((entry) => entry !== '');
}

/**
 * Validates `env` and returns the typed configuration.
 *
 * @throws {ConfigError} naming every bad or missing variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = blankToUndefined(env[name]);
      const shown = name.includes('SECRET') || name.includes('PRIVATE') ? '' : ` (got "${value}")`;
      return `  ${name}: ${issue.message}${value === undefined ? '' : shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const e = result.data;
  const imagekit =
    e.IMAGEKIT_PUBLIC_KEY && e.IMAGEKIT_PRIVATE_KEY && e.IMAGEKIT_URL_ENDPOINT
      ? {
          publicKey: e.IMAGEKIT_PUBLIC_KEY,
          privateKey: e.IMAGEKIT_PRIVATE_KEY,
          urlEndpoint: e.IMAGEKIT_URL_ENDPOINT,
          uploadUrl: e.IMAGEKIT_UPLOAD_URL,
          apiBaseUrl: e.IMAGEKIT_API_BASE_URL,
        }
      : null;

  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    imagekit,
    localImageKitPort: e.LOCAL_IMAGEKIT_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    localImageKitMaxFileSize: e.LOCAL_IMAGEKIT_MAX_FILE_SIZE,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    neonWsProxy: e.NEON_WS_PROXY ?? null,
    jwtSecret: e.AUTH_JWT_SECRET ?? null,
    jwksUrl: e.AUTH_JWKS_URL ?? null,
    demoAuth: e.AUTH_DEMO,
    sessionSecret: e.SESSION_SECRET ?? null,
    allowedOrigins: splitList(e.ALLOWED_ORIGINS),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    authParamsRateLimit: e.AUTH_PARAMS_RATE_LIMIT,
    authExpireSeconds: e.AUTH_EXPIRE_SECONDS,
    logLevel: e.LOG_LEVEL,
    serveDemo: e.SERVE_DEMO,
  };
}

/**
 * Loads `.env` from the working directory into `process.env` when the file exists. Variables
 * already set in the environment win, as `process.loadEnvFile` does not overwrite them.
 */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
