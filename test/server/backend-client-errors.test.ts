import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { answerClientErrorsAsJson } from '../../server/client-errors.ts';
import { createLogger } from '../../server/log.ts';
import { startBackend, tokenFor } from '../helpers/engines-backend.ts';
import { ENGINES } from '../helpers/engines.ts';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../helpers/engines-backend.ts';

/** Sends raw bytes and resolves with everything the server wrote before closing. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.once('close', () => resolve(answer));
    socket.once('error', reject);
  });
}

describe('requests the HTTP parser refuses', { timeout: 30_000 }, () => {
  const logs: string[] = [];
  let server: ReturnType<typeof serve>;
  let port: number;

  before(async () => {
    server = serve({ fetch: new Hono().fetch, port: 0, hostname: '127.0.0.1' });
    answerClientErrorsAsJson(
      server,
      createLogger('info', (line) => logs.push(line)),
    );
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('logs a 431 for headers too large, without the URL or headers', async () => {
    logs.length = 0;
    const secret = `token=${'s'.repeat(20_000)}`;

    const answer = await rawRequest(
      port,
      `GET /files?${secret} HTTP/1.1\r\nHost: x\r\nX-Secret: ${secret}\r\n\r\n`,
    );

    assert.match(answer, /^HTTP\/1.1 431 /);
    assert.match(answer, /"code":"headers_too_large"/);
    assert.equal(logs.length, 1);
    const line = JSON.parse(logs[0]!) as Record<string, unknown>;
    assert.deepEqual(
      { level: line.level, event: line.event, status: line.status, code: line.code },
      { level: 'warn', event: 'request.refused', status: 431, code: 'headers_too_large' },
    );
    assert.equal(line.reason, 'HPE_HEADER_OVERFLOW');
    assert.ok(!logs[0]!.includes('token='));
  });

  test('logs a 400 for a malformed request line', async () => {
    logs.length = 0;

    const answer = await rawRequest(port, 'NOT A REQUEST\r\n\r\n');

    assert.match(answer, /^HTTP\/1.1 400 /);
    assert.match(answer, /"code":"invalid_request"/);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /"level":"warn".*"event":"request.refused".*"status":400/);
  });
});

describe('a request body that breaks off while the app reads it', { timeout: 30_000 }, () => {
  const pglite = ENGINES.find((engine) => engine.name === 'pglite')!;
  let backend: Backend;
  let port: number;

  before(async () => {
    backend = await startBackend(pglite, { transport: 'port' });
    port = Number(new URL(backend.origin).port);
  });
  after(() => backend.close());

  // What the app can tell: a broken chunk errors the stream; a client that half-closes early
  // ends it, and the cut JSON is what the app sees (the stream may also error first).
  const cases: Record<string, { rest: string; codes: string[] }> = {
    'a malformed chunk': {
      rest: 'Transfer-Encoding: chunked\r\n\r\n5\r\n{"fil\r\nzz\r\n',
      codes: ['request_aborted'],
    },
    'a client gone before its declared length': {
      rest: 'Content-Length: 4000\r\n\r\n{"fileId":"abc',
      codes: ['request_aborted', 'invalid_json'],
    },
  };

  for (const [label, { rest, codes }] of Object.entries(cases)) {
    test(`logs ${label} as the client's failure, not a 500 of ours`, async () => {
      backend.logs.length = 0;
      const token = await tokenFor('mallory');
      await rawRequest(
        port,
        `POST /save-metadata HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\n${rest}`,
      );

      let failed: Record<string, unknown> | undefined;
      for (let tries = 0; !failed && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        failed = backend.logs
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => line.event === 'request.failed');
      }
      assert.deepEqual(
        { level: failed?.level, status: failed?.status },
        { level: 'warn', status: 400 },
      );
      assert.ok(codes.includes(String(failed?.code)), `code ${String(failed?.code)}`);
      assert.ok(!backend.logs.some((line) => line.includes('"level":"error"')), backend.logs[0]);
      assert.equal((await backend.call('GET', '/healthz')).status, 200);
    });
  }
});
