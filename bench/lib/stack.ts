/**
 * The whole upload loop for the browser benchmarks, each part in its own process as in a real
 * deployment: the relay to PostgreSQL and the local ImageKit (bench/services-process.ts, started
 * with explicit options: its size limit, its faults), and the backend started by `startServer`
 * (bench/backend-process.ts) with ImageKit-style keys and URLs pointing at that stand-in — the
 * stand-in swapped in by configuration alone, as an operator would.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startChild } from './children.ts';
import { createSchema, wsProxyTemplate } from './postgres.ts';
import type { ServicesInfo } from '../services-process.ts';

const BENCH = path.resolve(import.meta.dirname, '..');

export interface Stack {
  /** The backend's origin; it also serves the widget at /imagekit-uploader.js. */
  url: string;
  imagekit: ServicesInfo['imagekit'];
  close(): Promise<void>;
}

export interface StackOptions {
  /** The stand-in's upload size limit in bytes. */
  maxFileSize?: number;
  /** The stand-in's `faults.latencyMs`: every upload waits this long before its answer. */
  uploadLatencyMs?: number;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'iku-bench-stack-'));
  const schema = await createSchema('bench_stack');
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await schema.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const services = await startChild<ServicesInfo>(path.join(BENCH, 'services-process.ts'), {
      BENCH_DATA_DIR: dataDir,
      ...(options.maxFileSize ? { BENCH_MAX_FILE_SIZE: String(options.maxFileSize) } : {}),
      ...(options.uploadLatencyMs
        ? { BENCH_UPLOAD_LATENCY_MS: String(options.uploadLatencyMs) }
        : {}),
    });
    stops.push(services.stop);
    const { imagekit, relayPort } = services.info;

    const backend = await startChild<{ url: string }>(path.join(BENCH, 'backend-process.ts'), {
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: schema.url,
      NEON_WS_PROXY: wsProxyTemplate(relayPort),
      IMAGEKIT_PUBLIC_KEY: imagekit.publicKey,
      IMAGEKIT_PRIVATE_KEY: imagekit.privateKey,
      IMAGEKIT_URL_ENDPOINT: imagekit.urlEndpoint,
      IMAGEKIT_UPLOAD_URL: imagekit.uploadUrl,
      IMAGEKIT_API_BASE_URL: imagekit.apiBaseUrl,
      // Anonymous demo users, as on the demo page; each browser context is a new user.
      AUTH_DEMO: 'true',
      // Every run is a new demo user from the same loopback address; the per-address limit on
      // new users would otherwise throttle the bench as if it were one abusive client.
      AUTH_PARAMS_RATE_LIMIT: '1000000',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      SERVE_DEMO: 'true',
      LOG_LEVEL: 'info',
    });
    stops.push(backend.stop);

    return { url: backend.info.url, imagekit, close };
  } catch (error) {
    await close();
    throw error;
  }
}
