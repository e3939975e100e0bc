/**
 * A backend under test: a fresh database of one engine, a real local ImageKit in a temp folder,
 * and `createApp` wired to both. Requests go in-process (`app.request`) or over a real port.
 *
 * @module
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { sign } from 'hono/jwt';
import { createApp } from '../../server/app.ts';
import { createImageKitService } from '../../server/imagekit.ts';
import { createLogger } from '../../server/log.ts';
import { startLocalImageKit } from '../../server/local-imagekit/index.ts';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../server/app.ts';
import type { FileRow } from '../../server/db/files-repo.ts';
import type { RunningLocalImageKit } from '../../server/local-imagekit/index.ts';
import type { Engine, OpenedDatabase } from './engines.ts';

export const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** The JSON shapes the API answers with, all optional so tests can assert any of them. */
export interface ApiBody {
  success?: boolean;
  error?: { code: string; message: string };
  token?: string;
  expire?: number;
  signature?: string;
  publicKey?: string;
  uploadUrl?: string;
  params?: Array<{ token: string; expire: number; signature: string }>;
  file?: FileRow;
  files?: FileRow[];
  nextCursor?: string | null;
  database?: string;
  imagekit?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: ApiBody;
  text: string;
}

/** What ImageKit (the local stand-in) answered to an upload. */
export interface UploadResult {
  fileId: string;
  url: string;
  name: string;
  filePath: string;
  size: number;
  width?: number;
  height?: number;
  [field: string]: unknown;
}

export interface CallOptions {
  /** Signs a JWT for this user id. */
  user?: string;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Backend {
  app: Hono<AppEnv>;
  /** Where requests go: http://localhost in-process, http://127.0.0.1:<port> over a port. */
  origin: string;
  database: OpenedDatabase;
  imagekit: RunningLocalImageKit;
  /** Every log line the app wrote. */
  logs: string[];
  call(method: string, target: string, options?: CallOptions): Promise<ApiResponse>;
  /**
   * A real upload to the local ImageKit with params signed by the backend for `user`; `fields`
   * adds upload fields such as `tags`.
   */
  upload(user: string, fixture?: string, fields?: Record<string, string>): Promise<UploadResult>;
  close(): Promise<void>;
}

export interface BackendOptions {
  transport?: 'in-process' | 'port';
  deps?: Partial<AppDeps>;
}

export function tokenFor(user: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: user, iat: now, exp: now + 600 }, JWT_SECRET, 'HS256');
}

async function toApiResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let body: ApiBody = {};
  try {
    body = JSON.parse(text) as ApiBody;
  } catch {
    // Non-JSON bodies are asserted through `text`.
  }
  return { status: response.status, headers: response.headers, body, text };
}

export async function startBackend(engine: Engine, options: BackendOptions = {}): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'backend-imagekit-'));
  const imagekit = await startLocalImageKit({ dataDir, port: 0 });
  const database = await engine.open();
  const logs: string[] = [];

  const app = createApp({
    db: database.db,
    imagekit: createImageKitService(imagekit),
    auth: { kind: 'jwt', secret: JWT_SECRET },
    logger: createLogger('debug', (line) => logs.push(line)),
    ...options.deps,
  });

  let origin = 'http://localhost';
  let server: ReturnType<typeof serve> | null = null;
  if (options.transport === 'port') {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const call = async (method: string, target: string, call: CallOptions = {}) => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.user) headers.Authorization = `Bearer ${await tokenFor(call.user)}`;

    let body: string | undefined = call.rawBody;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['Content-Type'] = 'application/json';
    }

    const init = { method, headers, body };
    const response = server
      ? await fetch(`${origin}${target}`, init)
      : await app.request(`${origin}${target}`, init);
    return toApiResponse(response);
  };

  const upload = async (
    user: string,
    fixture = 'rocket.jpg',
    fields: Record<string, string> = {},
  ) => {
    const signed = await call('GET', '/generate-auth-params', { user });
    if (signed.status !== 200) throw new Error(`auth params failed: ${signed.text}`);

    const form = new FormData();
    const bytes = await readFile(path.join(FIXTURES, fixture));
    form.set('file', new Blob([bytes]), fixture);
    form.set('fileName', fixture);
    form.set('publicKey', String(signed.body.publicKey));
    form.set('token', String(signed.body.token));
    form.set('expire', String(signed.body.expire));
    form.set('signature', String(signed.body.signature));
    for (const [name, value] of Object.entries(fields)) form.set(name, value);

    const response = await fetch(String(signed.body.uploadUrl), { method: 'POST', body: form });
    if (response.status !== 200) throw new Error(`upload failed: ${await response.text()}`);
    return (await response.json()) as UploadResult;
  };

  return {
    app,
    origin,
    database,
    imagekit,
    logs,
    call,
    upload,
    close: async () => {
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
        await closing;
      }
      await imagekit.close();
      await database.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
