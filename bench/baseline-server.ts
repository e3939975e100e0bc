/**
 * The minimal server the backend is measured against: what the original ImageKit + Neon + Hono
 * guide's code does. It signs upload parameters for anyone who asks, and inserts whatever the
 * client posts, with the same Neon Pool over the same relay, into a table of its own.
 *
 * Run as a bench helper process. Env: DATABASE_URL (search_path set to the bench schema),
 * NEON_WS_PROXY (relay template), IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import ImageKit from '@imagekit/nodejs';
import { Pool, neonConfig } from '@neondatabase/serverless';
import { Hono } from 'hono';
import ws from 'ws';
import { reportReady } from './lib/children.ts';

/** The guide's table, created by the bench in its own schema before the server starts. */
export const baselineTableSql = (schema: string) => `CREATE TABLE ${schema}.baseline_files (
  id SERIAL PRIMARY KEY,
  file_id TEXT NOT NULL UNIQUE,
  file_url TEXT NOT NULL,
  user_id TEXT NOT NULL,
  upload_timestamp TIMESTAMPTZ DEFAULT NOW()
)`;

interface SaveBody {
  fileId?: string;
  url?: string;
  userId?: string;
}

export function createBaselineApp(pool: Pool, imagekit: ImageKit, publicKey: string): Hono {
  const app = new Hono();

  app.get('/generate-auth-params', (c) =>
    c.json({ ...imagekit.helper.getAuthenticationParameters(), publicKey }),
  );

  app.post('/save-metadata', async (c) => {
    const body = await c.req.json<SaveBody>();
    const result = await pool.query(
      'INSERT INTO baseline_files (file_id, file_url, user_id) VALUES ($1, $2, $3) RETURNING id',
      [body.fileId, body.url, body.userId ?? 'anonymous'],
    );
    return c.json({ success: true, id: result.rows[0].id });
  });

  return app;
}

async function main(): Promise<void> {
  const { DATABASE_URL, NEON_WS_PROXY, IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY } = process.env;
  if (!DATABASE_URL || !NEON_WS_PROXY || !IMAGEKIT_PUBLIC_KEY || !IMAGEKIT_PRIVATE_KEY) {
    throw new Error('DATABASE_URL, NEON_WS_PROXY and IMAGEKIT_* keys are required');
  }

  // The same driver settings the backend uses for a plain Postgres behind the relay.
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = (host, port) =>
    NEON_WS_PROXY.replaceAll('{host}', host).replaceAll('{port}', String(port));
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;

  const pool = new Pool({ connectionString: DATABASE_URL, max: 10 });
  const imagekit = new ImageKit({ privateKey: IMAGEKIT_PRIVATE_KEY });
  const app = createBaselineApp(pool, imagekit, IMAGEKIT_PUBLIC_KEY);

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  reportReady({ url: `http://127.0.0.1:${port}` }, async () => {
    server.close();
    await pool.end();
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
