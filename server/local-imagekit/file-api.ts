import type { Hono, MiddlewareHandler } from 'hono';

import { basicAuthUser, sameSecret } from './auth.ts';
import type { LocalContext } from './context.ts';
import { ikError, MESSAGES } from './errors.ts';
import { listFiles } from './file-list.ts';
import { fileDetails } from './file-view.ts';
import { deleteFile } from './save-file.ts';

function requirePrivateKey(ctx: LocalContext): MiddlewareHandler {
  return async (c, next) => {
    const user = basicAuthUser(c.req.header('authorization'));
    if (user === undefined) return ikError(c, 401, MESSAGES.missingAuth);
    if (user === null || !sameSecret(user, ctx.privateKey)) {
      return ikError(c, 403, MESSAGES.cannotAuthenticate);
    }
    await next();
  };
}

/** ImageKit's file API: details, delete and list, behind Basic auth with the private key. */
export function mountFileApi(app: Hono, ctx: LocalContext): void {
  app.use('/v1/files', requirePrivateKey(ctx));
  app.use('/v1/files/*', requirePrivateKey(ctx));

  app.get('/v1/files/:fileId/details', (c) => {
    const record = ctx.store.get(c.req.param('fileId'));
    if (!record) return ikError(c, 404, MESSAGES.fileNotFound);
    return c.json(fileDetails(ctx.urlEndpoint, record));
  });

  app.delete('/v1/files/:fileId', async (c) => {
    const record = ctx.store.get(c.req.param('fileId'));
    if (!record) return ikError(c, 404, MESSAGES.fileNotFound);

    await deleteFile(ctx.store, record);
    return c.body(null, 204);
  });

  app.get('/v1/files', (c) => {
    const query = c.req.query();

    // TODO: searchQuery (ImageKit's Lucene-like filter) is not implemented; refuse it rather
    // than answer with a list that ignores the filter.
    if (query.searchQuery) {
      return ikError(c, 400, 'The local ImageKit does not support the searchQuery parameter.');
    }

    const listed = listFiles(ctx.urlEndpoint, ctx.store.list(), query);
    if ('error' in listed) return ikError(c, 400, listed.error);
    return c.json(listed);
  });
}
