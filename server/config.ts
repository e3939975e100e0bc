/**
 * The typed configuration. Every setting comes from the environment (and an optional `.env`
 * file); bad or missing variables stop startup with one message naming each of them.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { blankToUndefined, crossChecks, envSchema, splitList } from './config-schema.ts';
import { connectionTarget, redactUserInfo } from './redact.ts';
import type { EnvIssue, LOG_LEVELS } from './config-schema.ts';

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
  /** Behind a proxy: X-Forwarded-Proto and X-Forwarded-For are the client's. */
  trustProxy: boolean;
  logLevel: LogLevel;
  serveDemo: boolean | undefined;
}

/**
 * Thrown when the environment does not describe a runnable server; the message names each variable.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** How a bad value is quoted back: never a secret, never a password inside a URL. */
function shown(name: string, value: string): string {
  if (name.includes('SECRET') || name.includes('PRIVATE')) return '';
  if (name === 'DATABASE_URL') {
    const target = connectionTarget(value);
    return target ? ` (got a URL for ${target})` : '';
  }
  return ` (got "${redactUserInfo(value)}")`;
}

/**
 * Validates `env` and returns the typed configuration.
 *
 * @throws {ConfigError} naming every bad or missing variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  const issues: EnvIssue[] = [
    ...(result.error?.issues ?? []).map((issue) => ({
      name: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    })),
    ...crossChecks(env),
  ];
  if (!result.success || issues.length > 0) {
    const lines = issues.map(({ name, message }) => {
      const value = blankToUndefined(env[name]);
      return `  ${name}: ${message}${typeof value === 'string' ? shown(name, value) : ''}`;
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
    trustProxy: e.TRUST_PROXY,
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
