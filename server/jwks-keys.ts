/**
 * The signing keys behind AUTH_JWKS_URL, cached. An identity provider that rotates keys starts
 * signing with a new `kid` before our cache expires, so an unknown `kid` fetches the set again,
 * at most once per {@link JwksKeyStoreOptions.minRefetchMs} (made-up kids cannot make us hammer
 * the provider); a failed fetch keeps serving the keys already known rather than refusing every
 * user, and is tried again at most as often.
 *
 * @module
 */
import { ApiError } from './errors.ts';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import type { Logger } from './log.ts';

export interface JwksKeyStoreOptions {
  url: string;
  /** How long a fetched set is used without asking again. Default 300 s. */
  cacheMs?: number;
  /** Least time between two fetches, whatever asks for them. Default 30 s. */
  minRefetchMs?: number;
  logger: Logger;
}

export interface JwksKeyStore {
  /** The cached keys, fetched first when missing or expired. @throws 503 when none are known. */
  keys(): Promise<HonoJsonWebKey[]>;
  /** The key with `kid`, fetching the set again when it is unknown and a fetch is allowed. */
  find(kid: string): Promise<HonoJsonWebKey | undefined>;
}

async function download(url: string): Promise<HonoJsonWebKey[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('no "keys" array');
  return body.keys as HonoJsonWebKey[];
}

export function createJwksKeyStore(options: JwksKeyStoreOptions): JwksKeyStore {
  const cacheMs = options.cacheMs ?? 300_000;
  const minRefetchMs = options.minRefetchMs ?? 30_000;
  let cached: { keys: HonoJsonWebKey[]; at: number } | null = null;
  let lastAttempt = -Infinity;
  // Apart from lastAttempt: a rotation right after a regular fetch must still be picked up.
  let lastUnknownKidFetch = -Infinity;
  let inFlight: Promise<void> | null = null;

  // One fetch at a time: a burst of requests with a new kid shares it.
  const refetch = (): Promise<void> => {
    inFlight ??= (async () => {
      lastAttempt = Date.now();
      try {
        cached = { keys: await download(options.url), at: Date.now() };
      } catch (error) {
        options.logger.warn('jwks.fetch_failed', {
          message: error instanceof Error ? error.message : String(error),
          servingStale: cached !== null,
        });
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const keys = async () => {
    const expired = !cached || Date.now() - cached.at >= cacheMs;
    // With no keys at all every request waits for a fetch; with stale ones, at most one per
    // minRefetchMs tries while the rest use what is known.
    if (!cached || (expired && Date.now() - lastAttempt >= minRefetchMs)) await refetch();
    if (!cached) {
      throw new ApiError(
        503,
        'auth_unavailable',
        'could not load signing keys from AUTH_JWKS_URL',
        {
          'Retry-After': '5',
        },
      );
    }
    return cached.keys;
  };

  return {
    keys,
    async find(kid) {
      const known = (await keys()).find((key) => key.kid === kid);
      if (known || Date.now() - lastUnknownKidFetch < minRefetchMs) return known;

      lastUnknownKidFetch = Date.now();
      await refetch();
      return cached?.keys.find((key) => key.kid === kid);
    },
  };
}
