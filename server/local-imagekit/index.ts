/**
 * A local stand-in for ImageKit.io: upload API v1, file API and delivery with transformations,
 * on its own origin, strict where ImageKit is strict.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { serve } from '@hono/node-server';

import { createLocalImageKitApp } from './app.ts';
import type { LocalContext } from './context.ts';
import { DELIVERY_PREFIX } from './context.ts';
import { lockDataFolder } from './data-lock.ts';
import { trackInFlight } from '../in-flight.ts';
import { Faults } from './faults.ts';
import { loadOrCreateLocalKeys } from './keys.ts';
import { LocalStore } from './store.ts';
import type { FaultOptions, LocalImageKitOptions, RunningLocalImageKit } from './types.ts';
import { UPLOAD_PATH } from './upload.ts';

export type {
  FaultOptions,
  LocalImageKitOptions,
  LocalImageKitStats,
  RunningLocalImageKit,
} from './types.ts';
export { loadOrCreateLocalKeys } from './keys.ts';
export { DataFolderLockedError } from './data-lock.ts';

const DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024;

type StartOptions = Partial<LocalImageKitOptions> & {
  dataDir: string;
  port?: number;
  hostname?: string;
};
type KeyPair = { publicKey: string; privateKey: string };

function urlHost(hostname: string): string {
  if (hostname === '0.0.0.0' || hostname === '::') return '127.0.0.1';
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}

/**
 * Starts the stand-in on its own port (0 picks a free one) and answers once it listens.
 *
 * @param options `dataDir` is required; keys default to {@link loadOrCreateLocalKeys}.
 * @returns the URLs to configure the widget, the backend and @imagekit/nodejs with.
 * @throws {DataFolderLockedError} when another process runs a stand-in on the same data folder.
 * @example
 * const imagekit = await startLocalImageKit({ dataDir: './.data', port: 3001 });
 * new ImageKit({ privateKey: imagekit.privateKey, baseURL: imagekit.apiBaseUrl });
 */
export async function startLocalImageKit(options: StartOptions): Promise<RunningLocalImageKit> {
  const keys =
    options.publicKey && options.privateKey
      ? { publicKey: options.publicKey, privateKey: options.privateKey }
      : await loadOrCreateLocalKeys(options.dataDir);

  const releaseLock = await lockDataFolder(join(options.dataDir, 'local-imagekit'));
  try {
    return await listen(options, keys, releaseLock);
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

// The longest close() waits for requests still being handled (a stalled upload ends at once).
const IN_FLIGHT_LIMIT_MS = 10_000;

async function listen(
  options: StartOptions,
  keys: KeyPair,
  releaseLock: () => Promise<void>,
): Promise<RunningLocalImageKit> {
  const ctx: LocalContext = {
    store: await LocalStore.open(options.dataDir),
    ...keys,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    faults: new Faults(options.faults),
    stats: { uploads: 0, rejected: 0, tokenReuseAttempts: 0, faultsInjected: 0 },
    urlEndpoint: '',
  };
  const app = createLocalImageKitApp(ctx, options.log ?? false);

  const hostname = options.hostname ?? '127.0.0.1';
  // close() waits for requests still being handled, so none is left writing files.
  const inFlight = trackInFlight(app.fetch);
  const server = serve({ fetch: inFlight.fetch, port: options.port ?? 0, hostname });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const origin = `http://${urlHost(hostname)}:${port}`;
  ctx.urlEndpoint = `${origin}${DELIVERY_PREFIX}`;

  return {
    origin,
    uploadUrl: `${origin}${UPLOAD_PATH}`,
    apiBaseUrl: origin,
    urlEndpoint: ctx.urlEndpoint,
    ...keys,
    setFaults: (faults: FaultOptions) => ctx.faults.set(faults),
    stats: () => ({ ...ctx.stats }),
    close: () => {
      // Idempotent: a test may close early and again in its cleanup.
      closing ??= (async () => {
        try {
          await new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            // Keep-alive sockets would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await inFlight.settled(IN_FLIGHT_LIMIT_MS);
          await ctx.store.flush();
        } finally {
          await releaseLock();
        }
      })();
      return closing;
    },
  };
}
