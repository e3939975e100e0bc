import { randomUUID } from 'node:crypto';

import { Hono } from 'hono';

import type { LocalContext } from './context.ts';
import { mountDelivery } from './delivery.ts';
import { ikError, MESSAGES } from './errors.ts';
import { mountFileApi } from './file-api.ts';
import { mountUpload } from './upload.ts';

/** The stand-in's Hono app: upload API, file API and delivery on one origin. */
export function createLocalImageKitApp(ctx: LocalContext, log: boolean): Hono {
  const app = new Hono();

  // Every answer carries a request id and the CORS header ImageKit's upload API and CDN send.
  app.use(async (c, next) => {
    const requestId = randomUUID();
    const started = performance.now();
    await next();

    c.res.headers.set('x-request-id', requestId);
    c.res.headers.set('x-ik-requestId', requestId);
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    c.res.headers.set('Access-Control-Expose-Headers', 'x-request-id, x-ik-requestId');

    if (log) {
      const ms = Math.round(performance.now() - started);
      const line = { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms };
      console.log(JSON.stringify(line));
    }
  });

  mountUpload(app, ctx);
  mountFileApi(app, ctx);
  mountDelivery(app, ctx);

  app.notFound((c) => ikError(c, 404, MESSAGES.routeNotFound));
  app.onError((error, c) => {
    console.error(JSON.stringify({ error: error.message, method: c.req.method, path: c.req.path }));
    return ikError(c, 500, MESSAGES.internal);
  });
  return app;
}
