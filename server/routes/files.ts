/**
 * The signed-in user's files: save after ImageKit confirms the upload, list, delete.
 *
 * @module
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { InvalidCursorError } from '../db/files-repo.ts';
import { ApiError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import type { FileRow, FilesRepository } from '../db/files-repo.ts';
import type { AppEnv } from '../env.ts';
import type { ImageKitService } from '../imagekit.ts';

export const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

const required = (expected: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${expected}`,
});

// ImageKit ids are 24 hex characters today; accept any URL-safe id so a format change at
// ImageKit does not break saving, while keeping slashes and dots out of the API path.
const fileId = z
  .string(required('a string'))
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an ImageKit file id (letters, digits, "_" or "-")');

const saveSchema = z.object(
  {
    fileId,
    url: z.url({ protocol: /^https?$/, ...required('an http(s) URL') }),
  },
  { error: 'must be a JSON object' },
);

const pageNumber = `must be a whole number from 1 to ${MAX_PAGE}`;
const listSchema = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, pageNumber)
    .transform(Number)
    .pipe(z.number().min(1, pageNumber).max(MAX_PAGE, pageNumber))
    .default(DEFAULT_PAGE),
  cursor: z.string().max(200, 'is too long').optional(),
});

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

async function readJson(request: Request): Promise<unknown> {
  // A form or text/plain body is what a cross-site page can send without a preflight; only
  // JSON is ever meant here.
  const type = request.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'Content-Type: must be application/json');
  }

  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

export interface FilesDeps {
  imagekit: ImageKitService;
  files: FilesRepository;
}

export function filesRoutes(deps: FilesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/save-metadata', async (c) => {
    const body = parseOrThrow(saveSchema, await readJson(c.req.raw), 'body');
    const userId = c.get('userId');

    // The client's word is only a pointer: every stored value comes from ImageKit.
    const details = await deps.imagekit.getFile(body.fileId);
    if (!details) {
      throw new ApiError(422, 'unknown_file', 'fileId: ImageKit has no file with this id');
    }
    if (!sameUrl(details.url, body.url)) {
      throw new ApiError(422, 'url_mismatch', "url: does not match ImageKit's URL for this file");
    }

    // Insert-or-read instead of read-then-insert, so two concurrent saves cannot both insert.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const inserted = await deps.files.insertIfAbsent({ ...details, fileId: body.fileId, userId });
      if (inserted) return c.json({ success: true, file: inserted }, 201);

      const owner = await deps.files.ownerOf(body.fileId);
      if (owner !== null && owner !== userId) {
        throw new ApiError(409, 'conflict', 'fileId: this file was saved by another user');
      }

      const existing = owner === null ? null : await deps.files.findForUser(userId, body.fileId);
      if (existing) return c.json({ success: true, file: existing }, 200);
      // The row was deleted between the insert and the read: try the insert once more.
    }

    throw new ApiError(409, 'conflict', 'fileId: the file changed while saving; try again');
  });

  app.get('/files', async (c) => {
    const query = parseOrThrow(listSchema, c.req.query());

    try {
      const page = await deps.files.listForUser(c.get('userId'), query.limit, query.cursor);
      return c.json({
        success: true,
        files: page.files satisfies FileRow[],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new ApiError(400, 'invalid_request', `cursor: ${error.message}`);
      }
      throw error;
    }
  });

  app.delete('/files/:fileId', async (c) => {
    const { fileId: id } = parseOrThrow(z.object({ fileId }), { fileId: c.req.param('fileId') });
    const userId = c.get('userId');

    const row = await deps.files.findForUser(userId, id);
    if (!row) throw new ApiError(404, 'not_found', 'fileId: no such file among your files');

    // ImageKit first: if it fails the row stays, and the user can try again. A 404 from
    // ImageKit means the file is already gone, which is the goal.
    await deps.imagekit.deleteFile(id);
    await deps.files.deleteForUser(userId, id);

    return c.json({ success: true });
  });

  return app;
}
