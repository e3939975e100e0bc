import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';

import {
  signedFields,
  startHarness,
  uploadFixture,
  type Harness,
} from './local-imagekit.helpers.ts';

const BOUNDARY = 'cut-short-boundary';

/**
 * Sends the start of a multipart upload by hand (its fields, then part of a 1 MB file) and
 * closes the connection before the rest, as a browser tab closed mid-upload does.
 */
async function sendHalfAnUpload(harness: Harness, fields: Record<string, string>): Promise<void> {
  const url = new URL(harness.imagekit.uploadUrl);
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const fileStart =
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';

  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 1048576\r\n\r\n`,
  );
  socket.write(parts.join('') + fileStart);
  socket.write(Buffer.alloc(64 * 1024));
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
}

/** Waits until the stand-in has answered `count` rejected uploads, or 2 s have passed. */
async function rejectedUploads(harness: Harness, count: number): Promise<number> {
  const deadline = Date.now() + 2000;
  while (harness.imagekit.stats().rejected < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return harness.imagekit.stats().rejected;
}

describe('local ImageKit with a client that disconnects mid-upload', () => {
  it('spends the token of an upload whose body was cut short', async (t) => {
    const harness = await startHarness(t);
    const signed = signedFields(harness);
    await sendHalfAnUpload(harness, { fileName: 'big.bin', ...signed });
    assert.equal(await rejectedUploads(harness, 1), 1);

    const retry = await uploadFixture(harness, 'rocket.jpg', signed);
    assert.equal(retry.status, 400);
    assert.match(String(retry.body.message), /has been used before/);
  });
});
