/**
 * Node entry: reads the configuration, starts the local ImageKit stand-in when no keys are set,
 * opens the database, and serves the API (plus the demo page in local mode).
 *
 * `npm start` runs this file; tests and tools call {@link startServer}.
 *
 * @module
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientErrorsAsJson } from './client-errors.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { DatabaseLockedError, openDatabase } from './db/index.ts';
import { createImageKitService } from './imagekit.ts';
import { DataFolderLockedError, startLocalImageKit } from './local-imagekit/index.ts';
import { createLogger, silentLogger } from './log.ts';
import { redactUserInfo } from './redact.ts';
import { resolveAuth } from './resolve-auth.ts';
import { databaseError, listenError, StartupError } from './startup-errors.ts';
import { addStaticRoutes } from './static.ts';
import { ensureWidgetBuilt } from './widget-build.ts';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { trackInFlight } from './in-flight.ts';
import type { AppEnv } from './env.ts';
import type { Database } from './db/index.ts';
import type { RunningLocalImageKit } from './local-imagekit/index.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The longest closing waits for requests still being handled; the app answers each within 20 s.
const IN_FLIGHT_LIMIT_MS = 20_000;

export interface StartServerOptions {
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Overrides PORT (0 = a free port). */
  port?: number;
  /** Overrides DATA_DIR. */
  dataDir?: string;
  /** false silences the logs. Default true. */
  log?: boolean;
}

export interface RunningServer {
  /** Where a browser can open the server, e.g. http://localhost:3000 */
  url: string;
  localImageKit?: RunningLocalImageKit;
  /** The demo page is at `/` and the widget at `/imagekit-uploader.js`. */
  servesDemo: boolean;
  close(): Promise<void>;
}

/** Loopback and wildcard binds are opened through `localhost`, which every browser knows. */
function browserHost(host: string): string {
  if (['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts everything and resolves once the server listens.
 *
 * @throws {ConfigError} for a bad environment, including real keys without authentication.
 * @throws {DatabaseLockedError} when another process uses the same PGlite folder.
 * @throws {StartupError} when a port is taken or the database behind DATABASE_URL cannot be
 * opened, naming the variable to change.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const env = { ...(options.env ?? process.env) };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir;

  const config = loadConfig(env);
  const logger = options.log === false ? silentLogger : createLogger(config.logLevel);
  const auth = await resolveAuth(config);
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    // First, so a second process on the same DATA_DIR stops at the lock before touching files.
    const db: Database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      wsProxy: config.neonWsProxy,
      poolSize: config.databasePoolSize,
      logger,
    }).catch((error: unknown) => {
      throw config.databaseUrl ? databaseError(error, config.databaseUrl) : error;
    });
    cleanups.push(() => db.close());

    // In local mode the stand-in's URLs and keys are configured exactly as real ones would be.
    let localImageKit: RunningLocalImageKit | undefined;
    let imagekitSettings = config.imagekit;
    if (!imagekitSettings) {
      localImageKit = await startLocalImageKit({
        dataDir: config.dataDir,
        port: config.localImageKitPort,
        hostname: config.host,
        maxFileSize: config.localImageKitMaxFileSize,
      }).catch((error: unknown) => {
        throw listenError(
          error,
          'local ImageKit',
          'LOCAL_IMAGEKIT_PORT',
          config.host,
          config.localImageKitPort,
        );
      });
      cleanups.push(() => localImageKit!.close());
      const { uploadUrl, apiBaseUrl, urlEndpoint, publicKey, privateKey } = localImageKit;
      imagekitSettings = { uploadUrl, apiBaseUrl, urlEndpoint, publicKey, privateKey };
    }

    // The app needs its own origin for CORS, known only once the port is bound.
    let app: Hono<AppEnv> | null = null;
    const inFlight = trackInFlight((request, bindings: unknown) =>
      app ? app.fetch(request, bindings) : new Response(null, { status: 503 }),
    );
    const server = serve({
      fetch: inFlight.fetch,
      port: config.port,
      hostname: config.host,
    });
    answerClientErrorsAsJson(server, logger);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error) =>
        reject(listenError(error, 'backend', 'PORT', config.host, config.port)),
      );
    });
    // Cleanups run last first: the server closes, then handlers whose client is gone (one may
    // still be saving a row) get to finish before the database closes.
    cleanups.push(() => inFlight.settled(IN_FLIGHT_LIMIT_MS));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections would hold close() open: idle ones go now, busy ones get
          // a moment to finish.
          if ('closeIdleConnections' in server) {
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }
        }),
    );

    const port = (server.address() as AddressInfo).port;
    const url = `http://${browserHost(config.host)}:${port}`;
    const serveDemo = config.serveDemo ?? localImageKit !== undefined;
    const ownOrigins = serveDemo ? [url, `http://127.0.0.1:${port}`] : [];

    app = createApp({
      db,
      imagekit: createImageKitService(imagekitSettings),
      auth,
      allowedOrigins: config.allowedOrigins,
      ownOrigins,
      trustProxy: config.trustProxy,
      bodyLimitBytes: config.bodyLimitBytes,
      authParamsRateLimit: config.authParamsRateLimit,
      authExpireSeconds: config.authExpireSeconds,
      logger,
    });
    if (serveDemo) {
      addStaticRoutes(app, {
        demoDir: path.join(PROJECT_ROOT, 'demo'),
        distDir: path.join(PROJECT_ROOT, 'dist'),
      });
    }

    logger.info('server.started', {
      url,
      database: db.engine,
      imagekit: localImageKit ? 'local' : 'imagekit.io',
      auth: auth.kind,
    });

    return { url, localImageKit, servesDemo: serveDemo, close: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** One line for the terminal; a stack only for failures nobody foresaw, and only when debugging. */
function startupMessage(error: unknown): string {
  const known = [ConfigError, DatabaseLockedError, DataFolderLockedError, StartupError];
  if (known.some((type) => error instanceof type)) return (error as Error).message;

  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = process.env.LOG_LEVEL === 'debug' && error instanceof Error ? error.stack : '';
  return `imagekit-uploader could not start: ${redactUserInfo(detail)}${stack ? `\n${stack}` : ''}`;
}

async function runAsEntry(): Promise<void> {
  loadDotEnv();

  const logger = createLogger('info');
  const localDemo = !process.env.IMAGEKIT_PRIVATE_KEY && process.env.SERVE_DEMO !== 'false';
  if (localDemo) await ensureWidgetBuilt(PROJECT_ROOT, logger);

  let running: RunningServer;
  try {
    running = await startServer();
  } catch (error) {
    process.stderr.write(`${startupMessage(error)}\n`);
    process.exit(1);
  }

  process.stdout.write(
    running.servesDemo
      ? `\nimagekit-uploader is running: open ${running.url}/\n\n`
      : `\nimagekit-uploader is running: API at ${running.url}/ ` +
          '(no demo page: SERVE_DEMO is off)\n\n',
  );

  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl+C means "now".
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('server.stopping', { signal });
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runAsEntry();
}
