import type { Hono, MiddlewareHandler } from 'hono';

import { basicAuthUser, sameSecret } from './auth.ts';
import type { LocalContext } from './context.ts';
import { ikError, MESSAGES } from './errors.ts';
import { fileDetails } from './file-view.ts';
import { deleteFile } from './save-file.ts';
import type { FileRecord } from './types.ts';

const MAX_LIST_LIMIT = 1000;

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

function wholeNumber(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** `path` limits the list to a folder and everything below it. */
function inFolder(record: FileRecord, path: string | undefined): boolean {
  if (!path) return true;
  const folder = `/${path.split('/').filter(Boolean).join('/')}`;
  return folder === '/' || record.filePath.startsWith(`${folder}/`);
}

const SORTS: Record<string, (a: FileRecord, b: FileRecord) => number> = {
  ASC_CREATED: (a, b) => a.createdAt.localeCompare(b.createdAt),
  DESC_CREATED: (a, b) => b.createdAt.localeCompare(a.createdAt),
  ASC_NAME: (a, b) => a.name.localeCompare(b.name),
  DESC_NAME: (a, b) => b.name.localeCompare(a.name),
  ASC_UPDATED: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
  DESC_UPDATED: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  ASC_SIZE: (a, b) => a.size - b.size,
  DESC_SIZE: (a, b) => b.size - a.size,
};

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
    if (query.type && query.type !== 'file' && query.type !== 'all') {
      return ikError(c, 400, 'Your request contains invalid type parameter.');
    }

    const limit = wholeNumber(query.limit, MAX_LIST_LIMIT);
    const skip = wholeNumber(query.skip, 0);
    if (limit === undefined || limit < 1 || limit > MAX_LIST_LIMIT) {
      return ikError(c, 400, 'Your request contains invalid limit parameter (1 to 1000).');
    }
    if (skip === undefined) return ikError(c, 400, 'Your request contains invalid skip parameter.');

    const sort = SORTS[query.sort ?? 'ASC_CREATED'];
    if (!sort) return ikError(c, 400, 'Your request contains invalid sort parameter.');

    const fileType = query.fileType ?? 'all';
    if (!['all', 'image', 'non-image'].includes(fileType)) {
      return ikError(c, 400, 'Your request contains invalid fileType parameter.');
    }

    const files = ctx.store
      .list()
      .filter((record) => inFolder(record, query.path))
      .filter((record) => fileType === 'all' || record.fileType === fileType)
      .sort(sort)
      .slice(skip, skip + limit);
    return c.json(files.map((record) => fileDetails(ctx.urlEndpoint, record)));
  });
}
