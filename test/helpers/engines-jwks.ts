/**
 * A local identity provider's key endpoint for JWKS tests: RS256 key pairs by `kid`, a switch
 * for which public keys it publishes, a switch to make it fail, and a count of fetches.
 *
 * @module
 */
import { createServer } from 'node:http';
import { sign } from 'hono/jwt';
import type { AddressInfo } from 'node:net';

type Jwk = JsonWebKey & { kid: string; alg: string };

export interface JwksServer {
  url: string;
  /** Requests the endpoint has answered, failed ones included. */
  fetches: number;
  /** The kids it publishes now. */
  publish(kids: string[]): void;
  /** true: every fetch answers 500. */
  failing: boolean;
  /** A token signed with the private key of `kid` (created on first use). */
  token(kid: string, claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

async function keyPair(kid: string): Promise<{ privateJwk: Jwk; publicJwk: Jwk }> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return {
    privateJwk: { ...privateJwk, kid, alg: 'RS256' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256' },
  };
}

export async function startJwksServer(kids: string[]): Promise<JwksServer> {
  const pairs = new Map<string, Awaited<ReturnType<typeof keyPair>>>();
  const pairFor = async (kid: string) => {
    if (!pairs.has(kid)) pairs.set(kid, await keyPair(kid));
    return pairs.get(kid)!;
  };
  for (const kid of kids) await pairFor(kid);
  let published = [...kids];

  const state = {
    fetches: 0,
    failing: false,
  };
  const server = createServer((_req, res) => {
    state.fetches += 1;
    if (state.failing) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('identity provider down');
      return;
    }
    const keys = published.flatMap((kid) => (pairs.has(kid) ? [pairs.get(kid)!.publicJwk] : []));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;

  return Object.assign(state, {
    url,
    publish: (next: string[]) => {
      published = [...next];
    },
    token: async (kid: string, claims: Record<string, unknown>) =>
      sign(claims, (await pairFor(kid)).privateJwk, 'RS256'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
