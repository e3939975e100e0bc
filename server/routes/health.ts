/**
 * `GET /healthz`: the database answers and ImageKit is configured. No user needed.
 *
 * @module
 */
import { Hono } from 'hono';
import type { FilesRepository } from '../db/files-repo.ts';
import type { AppEnv } from '../env.ts';

export function healthRoutes(files: FilesRepository): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    // An unreachable database throws DatabaseUnavailableError, which the app answers with 503.
    await files.ping();

    c.header('Cache-Control', 'no-store');
    return c.json({ success: true, database: 'ok', imagekit: 'configured' });
  });

  return app;
}
