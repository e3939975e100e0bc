import { createHmac } from 'node:crypto';

import { sameSecret } from './auth.ts';

// ImageKit's "never expires" timestamp, signed when a URL carries no ik-t.
const NO_EXPIRY = '9999999999';

export type SignedUrlCheck = 'unsigned' | 'valid' | 'invalid' | 'expired';

/**
 * Checks ImageKit's URL signature: `ik-s` is HMAC-SHA1 (private key) of the URL relative to the
 * URL endpoint, without the signature parameters, followed by the `ik-t` expiry (or 9999999999).
 *
 * @param requestUrl the URL as requested, e.g. `http://host/local/a.jpg?tr=w-10&ik-s=...`
 */
export function checkSignedUrl(
  requestUrl: string,
  deliveryPrefix: string,
  privateKey: string,
): SignedUrlCheck {
  const pathAndQuery = requestUrl.slice(requestUrl.indexOf('/', requestUrl.indexOf('//') + 2));
  const start = /[?&]ik-[st]=/.exec(pathAndQuery);
  if (!start) return 'unsigned';

  const signedPart = pathAndQuery.slice(0, start.index).slice(deliveryPrefix.length + 1);
  const params = new URLSearchParams(pathAndQuery.slice(start.index + 1));
  const signature = params.get('ik-s') ?? '';
  const expiry = params.get('ik-t') ?? NO_EXPIRY;

  if (!/^\d+$/.test(expiry)) return 'invalid';
  if (params.has('ik-t') && Number(expiry) < Date.now() / 1000) return 'expired';

  const expected = createHmac('sha1', privateKey)
    .update(signedPart + expiry)
    .digest('hex');
  return sameSecret(signature, expected) ? 'valid' : 'invalid';
}
