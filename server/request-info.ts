/**
 * What the server knows about where a request came from: its scheme, its own origin and the
 * client's address. Behind a proxy (TRUST_PROXY) the socket is the proxy's, so the proxy's
 * X-Forwarded-Proto and X-Forwarded-For headers speak for the client; without it those headers
 * are anyone's to forge and are ignored.
 *
 * @module
 */
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string }; errored?: unknown };
  server?: NodeBindings;
}

/**
 * The last entry of a comma-separated forwarding header: the one the proxy in front of us
 * wrote. Earlier entries came with the request and may be forged.
 */
function lastForwarded(c: Context<AppEnv>, name: string): string | undefined {
  const value = c.req.header(name);
  const last = value?.split(',').at(-1)?.trim();
  return last ? last : undefined;
}

/** `https:` or `http:` as the client sees it. */
export function requestProtocol(c: Context<AppEnv>, trustProxy: boolean): string {
  const forwarded = trustProxy ? lastForwarded(c, 'X-Forwarded-Proto')?.toLowerCase() : undefined;
  if (forwarded === 'https' || forwarded === 'http') return `${forwarded}:`;
  return new URL(c.req.url).protocol;
}

export function isSecureRequest(c: Context<AppEnv>, trustProxy: boolean): boolean {
  return requestProtocol(c, trustProxy) === 'https:';
}

/** The origin a same-origin page of this server has, e.g. https://uploads.example.com. */
export function ownOrigin(c: Context<AppEnv>, trustProxy: boolean): string {
  return `${requestProtocol(c, trustProxy)}//${new URL(c.req.url).host}`;
}

/**
 * The client's IP address; `unknown` when the app runs without a Node socket (in-process
 * requests, other runtimes), which then share one bucket.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = lastForwarded(c, 'X-Forwarded-For');
    if (forwarded) return forwarded;
  }
  const env = c.env as NodeBindings | undefined;
  const bindings = env?.server ?? env;
  return bindings?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Whether `error` is the request stream's own: the client went away or broke the body (a bad
 * chunk) while it was being read. Such a request failed on the client's side, not ours.
 */
export function isClientStreamError(c: Context<AppEnv>, error: unknown): boolean {
  const env = c.env as NodeBindings | undefined;
  const errored = (env?.server ?? env)?.incoming?.errored;
  if (!errored) return false;
  return error === errored || (error instanceof Error && error.cause === errored);
}
