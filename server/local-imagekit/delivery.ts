import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Context, Hono } from 'hono';

import { parseByteRange } from './byte-range.ts';
import { DELIVERY_PREFIX, type LocalContext } from './context.ts';
import { ikError, MESSAGES } from './errors.ts';
import { cacheFolder } from './save-file.ts';
import { checkSignedUrl } from './signed-url.ts';
import { parseTransformation, type TransformStep } from './transform-parse.ts';
import { chooseFormat, OUTPUT_MIME, renderTransformation } from './transform-render.ts';
import { TransformLimitError } from './transform-size.ts';
import type { FileRecord } from './types.ts';

// Like ImageKit's CDN: delivered URLs are immutable until purged.
const CACHE_CONTROL = 'public, max-age=31536000';
const PRIVATE_CACHE_CONTROL = 'private, max-age=3600';

// An uploaded SVG is markup: opened as a page, it could run its scripts on this origin. The
// policy lets it draw, with its inline styles, and nothing else; `sandbox` also gives it an
// opaque origin. Inside <img> an SVG runs no script anyway, so images still show as before.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

interface Delivery {
  bytes: Buffer;
  mime: string;
  etag: string;
}

/**
 * Splits `/local/tr:w-300/folder/a.jpg?tr=h-100` into the file path and its transformation;
 * `undefined` when the path's percent-encoding is broken.
 */
function readRequestPath(c: Context): { filePath: string; transformation: string } | undefined {
  const url = new URL(c.req.url);
  const segments = url.pathname.slice(DELIVERY_PREFIX.length).split('/').filter(Boolean);

  const parts: string[] = [];
  if (segments[0]?.startsWith('tr:')) parts.push(segments.shift()?.slice(3) ?? '');
  const query = url.searchParams.get('tr');
  if (query) parts.push(query);

  try {
    const filePath = `/${segments.map((segment) => decodeURIComponent(segment)).join('/')}`;
    return { filePath, transformation: parts.join(':') };
  } catch {
    return undefined;
  }
}

/** Renders a transformation once and keeps the result beside the file's other variants. */
async function transformed(
  ctx: LocalContext,
  record: FileRecord,
  steps: TransformStep[],
  accept: string,
): Promise<Delivery> {
  const format = chooseFormat(steps, record.mime, record.hasAlpha, accept);
  const key = createHash('sha1')
    .update(JSON.stringify([record.sha1, steps, format]))
    .digest('hex');
  const cached = join(cacheFolder(ctx.store, record.fileId), `${key}.${format}`);
  const delivery = { mime: OUTPUT_MIME[format], etag: `"${key}"` };

  try {
    return { ...delivery, bytes: await readFile(cached) };
  } catch {
    // Not cached yet: render below.
  }

  // Read first, so that a missing original fails as ENOENT rather than as a sharp error.
  const source = await readFile(ctx.store.pathOnDisk(record.filePath));
  let bytes: Buffer;
  try {
    bytes = await renderTransformation(source, steps, format);
  } catch (error) {
    if (error instanceof TransformLimitError) throw error;
    throw new UntransformableError(String(error), { cause: error });
  }
  await mkdir(cacheFolder(ctx.store, record.fileId), { recursive: true });
  const temporary = `${cached}.${randomBytes(6).toString('hex')}.part`;
  await writeFile(temporary, bytes);
  await rename(temporary, cached);
  return { ...delivery, bytes };
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** sharp could not render the stored image. */
class UntransformableError extends Error {
  override name = 'UntransformableError';
}

async function deliver(
  ctx: LocalContext,
  record: FileRecord,
  steps: TransformStep[],
  accept: string,
): Promise<Delivery> {
  if (record.fileType !== 'image' || steps.length === 0) {
    const bytes = await readFile(ctx.store.pathOnDisk(record.filePath));
    return { bytes, mime: record.mime, etag: `"${record.sha1}"` };
  }
  return transformed(ctx, record, steps, accept);
}

// Formats sharp decodes in most but not all of their variants (64-bit float samples, say).
const PARTLY_DECODED = new Set(['image/tiff']);

/**
 * The answer to a transformation sharp cannot render. ImageKit itself transforms HEIC, BMP and
 * ICO; the stand-in cannot (the prebuilt libvips in sharp has no HEVC decoder, nor BMP and ICO
 * loaders), so it answers as a service that refuses to process a stored media type would: 415
 * Unsupported Media Type, a 4xx that tells a client not to retry, with ImageKit's
 * `{message, help}` body and no long-lived Cache-Control. The original stays deliverable.
 */
function untransformable(c: Context, mime: string): Response {
  const message = PARTLY_DECODED.has(mime)
    ? MESSAGES.cannotTransformVariant(mime)
    : MESSAGES.cannotTransform(mime);
  return ikError(c, 415, message);
}

/** Serves stored files at `${urlEndpoint}/<filePath>`, with transformations for images. */
export function mountDelivery(app: Hono, ctx: LocalContext): void {
  // Every answer here, error or not, is only what its Content-Type says: a browser must not guess
  // HTML or script from bytes someone uploaded.
  app.use(`${DELIVERY_PREFIX}/*`, async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  app.get(`${DELIVERY_PREFIX}/*`, async (c) => {
    const requested = readRequestPath(c);
    if (!requested) return ikError(c, 400, MESSAGES.badPercentEncoding);
    const { filePath, transformation } = requested;

    const record = ctx.store.findByPath(filePath);
    if (!record) return ikError(c, 404, MESSAGES.fileNotFound);

    // Private files need a signed URL; a signature on any URL must be right.
    const signed = checkSignedUrl(c.req.url, DELIVERY_PREFIX, ctx.privateKey);
    if (signed === 'invalid') return ikError(c, 401, MESSAGES.badUrlSignature);
    if (signed === 'expired') return ikError(c, 401, MESSAGES.expiredUrl);
    if (record.isPrivateFile && signed !== 'valid') {
      return ikError(c, 401, MESSAGES.privateFileUnsigned);
    }

    const parsed = parseTransformation(transformation);
    if ('error' in parsed) return ikError(c, 400, parsed.error);

    let delivery: Delivery;
    try {
      delivery = await deliver(ctx, record, parsed.steps, c.req.header('accept') ?? '');
    } catch (error) {
      // The record may outlive its bytes: removed by hand, or deleted while this request ran.
      if (isMissingFile(error)) return ikError(c, 404, MESSAGES.fileNotFound);
      if (error instanceof TransformLimitError) return ikError(c, 400, error.message);
      if (error instanceof UntransformableError) return untransformable(c, record.mime);
      throw error;
    }

    c.header('ETag', delivery.etag);
    c.header('Cache-Control', record.isPrivateFile ? PRIVATE_CACHE_CONTROL : CACHE_CONTROL);
    c.header('Last-Modified', new Date(record.updatedAt).toUTCString());
    if (parsed.steps.some((step) => step.format === 'auto')) c.header('Vary', 'Accept');
    if (delivery.mime === 'image/svg+xml') c.header('Content-Security-Policy', SVG_POLICY);
    if (c.req.header('if-none-match') === delivery.etag) return c.body(null, 304);

    c.header('Content-Type', delivery.mime);
    c.header('Accept-Ranges', 'bytes');
    const size = delivery.bytes.length;

    // Browsers fetch video in ranges; a seek needs 206 answers.
    const range = parseByteRange(c.req.header('range'), size);
    if (range === 'unsatisfiable') {
      c.header('Content-Range', `bytes */${size}`);
      return ikError(c, 416, MESSAGES.rangeNotSatisfiable);
    }
    if (range) {
      c.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      return c.body(new Uint8Array(delivery.bytes.subarray(range.start, range.end + 1)), 206);
    }
    return c.body(new Uint8Array(delivery.bytes));
  });
}
