/**
 * Local mode's extras: the demo page at `/` and the built widget at `/imagekit-uploader.js`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { refuseOtherMethods } from './methods.ts';
import type { Hono } from 'hono';
import type { AppEnv } from './env.ts';

const BUNDLES = [
  'imagekit-uploader.js',
  'imagekit-uploader.js.map',
  'imagekit-uploader.es.js',
  'imagekit-uploader.es.js.map',
];

export interface StaticDirs {
  demoDir: string;
  distDir: string;
}

/**
 * Adds the static routes to `app`; unknown paths still fall through to the JSON 404. A wrong
 * method on the page or a bundle gets the API's 405 with `Allow` (the app's error handler
 * answers it).
 */
export function addStaticRoutes(app: Hono<AppEnv>, dirs: StaticDirs): void {
  const paths = ['/', ...BUNDLES.map((name) => `/${name}`)];
  refuseOtherMethods(
    app,
    paths.map((path) => ({ path, methods: ['GET', 'HEAD'] })),
  );

  for (const name of BUNDLES) {
    app.get(`/${name}`, async (c, next) => {
      // Read per request: the bundle may be rebuilt while the server runs.
      const body = await readFile(path.join(dirs.distDir, name)).catch(() => null);
      if (!body) return next();

      return c.body(body, 200, {
        'Content-Type': name.endsWith('.map')
          ? 'application/json'
          : 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
    });
  }

  app.get('/*', serveStatic({ root: dirs.demoDir }));
}
