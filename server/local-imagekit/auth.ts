import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA1 of token + expire, as ImageKit's client-side upload signs. */
export function signUpload(privateKey: string, token: string, expire: string): string {
  return createHmac('sha1', privateKey)
    .update(token + expire)
    .digest('hex');
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The user name of a Basic Authorization header: `undefined` when there is no header,
 * `null` when there is one that is not valid Basic auth.
 */
export function basicAuthUser(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;

  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;

  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}
