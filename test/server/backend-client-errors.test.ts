import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { answerClientErrorsAsJson } from '../../server/client-errors.ts';
import { createLogger } from '../../server/log.ts';
import type { AddressInfo } from 'node:net';

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
