/**
 * Bearer JWTs signed with an asymmetric key from AUTH_JWKS_URL (Auth0, Clerk, Cognito...).
 *
 * @module
 */
import { decode, verifyWithJwks } from 'hono/jwt';
import { createJwksKeyStore } from './jwks-keys.ts';
import { JwtRejectedError } from './jwt-hs256.ts';
import type { Logger } from './log.ts';

const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export interface JwksAuthOptions {
  url: string;
  cacheSeconds?: number;
  /** Least seconds between two fetches of the set (an unknown kid asks for one). Default 30. */
  minRefetchSeconds?: number;
  logger: Logger;
}

/**
 * Returns a function that verifies a compact JWT against the key set and returns its payload.
 *
 * @throws {JwtRejectedError} from the returned function for any token it cannot accept, and
 * the store's 503 when no keys could be loaded at all.
 */
export function createJwksVerifier(
  options: JwksAuthOptions,
): (token: string) => Promise<Record<string, unknown>> {
  const store = createJwksKeyStore({
    url: options.url,
    cacheMs: (options.cacheSeconds ?? 300) * 1000,
    minRefetchMs: (options.minRefetchSeconds ?? 30) * 1000,
    logger: options.logger,
  });

  return async (token) => {
    let kid: unknown;
    try {
      kid = decode(token).header.kid;
    } catch (error) {
      throw new JwtRejectedError('the token is not a JWT', { cause: error });
    }
    if (typeof kid !== 'string') throw new JwtRejectedError('the token header has no "kid"');

    // Our dependency being down is a 503 from the store, not the caller's fault.
    const key = await store.find(kid);
    if (!key) throw new JwtRejectedError('no key in AUTH_JWKS_URL has this "kid"');

    try {
      return (await verifyWithJwks(token, {
        keys: [key],
        allowedAlgorithms: [...ASYMMETRIC_ALGS],
      })) as Record<string, unknown>;
    } catch (error) {
      throw new JwtRejectedError('token verification failure', { cause: error });
    }
  };
}
