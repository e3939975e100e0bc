/**
 * Regular tests for two faults scenario 4 found at the HTTP layer: Node's parser answered an
 * oversized URL with a bare 431 (no JSON), and a 413 for an oversized body left the connection
 * open, so the client's next request on it failed with "other side closed".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalServer } from './server.ts';
import type { LocalServer } from './server.ts';

describe('HTTP-level refusals', () => {
  let server: LocalServer;

  before(async () => {
    server = await startLocalServer();
  });

  after(() => server?.close());

  it('answers a URL too large for the parser with a JSON 431', async () => {
    const response = await fetch(`${server.url}/files?cursor=${'a'.repeat(100_000)}`);

    assert.equal(response.status, 431);
    assert.deepEqual(await response.json(), {
      success: false,
      error: { code: 'headers_too_large', message: 'the request URL or headers are too large' },
    });
  });

  it('closes the connection after a 413, so the next requests are answered', async () => {
    const tooLarge = await fetch(`${server.url}/save-metadata`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileId: 'x'.repeat(300_000) }),
    });
    const body = (await tooLarge.json()) as { error: { code: string } };
    const next = [];
    for (let index = 0; index < 3; index += 1)
      next.push((await fetch(`${server.url}/healthz`)).status);

    assert.equal(tooLarge.status, 413);
    assert.equal(body.error.code, 'payload_too_large');
    assert.equal(tooLarge.headers.get('connection'), 'close');
    assert.deepEqual(next, [200, 200, 200]);
  });
});
