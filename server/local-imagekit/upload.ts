import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';

import type { LocalContext } from './context.ts';
import { ikError, MESSAGES } from './errors.ts';
import { uploadAnswer } from './file-view.ts';
import { saveUpload } from './save-file.ts';
import { checkUploadForm } from './upload-fields.ts';
import { readUploadBody } from './upload-body.ts';

export const UPLOAD_PATH = '/api/v1/files/upload';

// Room for the form's other fields and boundaries around a file of the largest size.
const FORM_OVERHEAD = 1024 * 1024;

// A used token is remembered at least this long, past any expire that was valid when it was used.
const TOKEN_MEMORY_SECONDS = 3600;

// The longest a stalled upload (fault `stallNext`) is held before the stand-in drops it.
const STALL_LIMIT_MS = 120_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Marks a token used; answers the reuse error when it was used before. */
async function spendToken(ctx: LocalContext, token: string | undefined): Promise<boolean> {
  if (!token) return true;

  const keepUntil = Math.floor(Date.now() / 1000) + TOKEN_MEMORY_SECONDS;
  if ((await ctx.store.useToken(token, keepUntil)) === 'fresh') return true;

  ctx.stats.tokenReuseAttempts += 1;
  return false;
}

async function handleUpload(c: Context, ctx: LocalContext): Promise<Response> {
  const fault = ctx.faults.next();

  const contentType = c.req.header('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return ikError(c, 400, MESSAGES.notMultipart);
  }

  if (fault.outcome === 'stall') {
    ctx.stats.faultsInjected += 1;
    const socket = (c.env as HttpBindings | undefined)?.incoming.socket;
    // Nothing is read, so the client's sending stops once the socket buffers are full.
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STALL_LIMIT_MS);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      socket.destroy();
    }
    return ikError(c, 500, MESSAGES.injectedFault);
  }

  const declared = Number(c.req.header('content-length'));
  const body = await readUploadBody(c.req.raw.body, declared > 0 ? declared : undefined, {
    limit: ctx.maxFileSize + FORM_OVERHEAD,
    cutHalfWay: fault.outcome === 'drop',
  });

  if (body.kind === 'cut') {
    await spendToken(ctx, body.token);
    ctx.stats.faultsInjected += 1;
    (c.env as HttpBindings | undefined)?.incoming.socket.destroy();
    return ikError(c, 500, MESSAGES.injectedFault);
  }
  if (body.kind === 'aborted') {
    // Nobody reads this answer; it is counted and logged like any other refused upload.
    await spendToken(ctx, body.token);
    return ikError(c, 400, MESSAGES.bodyCutShort);
  }
  if (body.kind === 'too-large') {
    const fresh = await spendToken(ctx, body.token);
    if (!fresh) return ikError(c, 400, MESSAGES.tokenReused(body.token ?? ''));
    return ikError(c, 400, MESSAGES.fileTooLarge);
  }

  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body.bytes), {
      headers: { 'content-type': contentType },
    }).formData();
  } catch {
    return ikError(c, 400, MESSAGES.notMultipart);
  }

  // The token is spent as soon as it is seen, whatever happens to the rest of the request.
  const token = form.get('token');
  if (typeof token === 'string' && !(await spendToken(ctx, token))) {
    return ikError(c, 400, MESSAGES.tokenReused(token));
  }

  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.outcome === 'error') {
    ctx.stats.faultsInjected += 1;
    return ikError(c, 500, MESSAGES.injectedFault);
  }

  const fields = await checkUploadForm(form, c.req.header('authorization'), ctx);
  if ('status' in fields) return ikError(c, fields.status, fields.message);

  const saved = await saveUpload(ctx.store, fields);
  if ('exists' in saved) return ikError(c, 400, MESSAGES.fileExists);
  if ('refused' in saved) return ikError(c, saved.refused.status, saved.refused.message);

  return c.json(uploadAnswer(ctx.urlEndpoint, saved.record, fields.responseFields));
}

/** ImageKit's upload API v1, with the browser's CORS preflight answered. */
export function mountUpload(app: Hono, ctx: LocalContext): void {
  app.options(UPLOAD_PATH, (c) => {
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? '');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.post(UPLOAD_PATH, async (c) => {
    const response = await handleUpload(c, ctx);
    if (response.status === 200) ctx.stats.uploads += 1;
    else ctx.stats.rejected += 1;
    return response;
  });
}
