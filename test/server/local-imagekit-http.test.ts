import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

import {
  fixture,
  FIXTURES,
  signedFields,
  startHarness,
  uploadFixture,
} from './local-imagekit.helpers.ts';

const run = promisify(execFile);

/** `curl -F` as someone would type it; returns the status line's code, headers and JSON body. */
async function curlUpload(
  uploadUrl: string,
  fields: Record<string, string>,
  filePath: string,
): Promise<{ status: number; headers: string; body: Record<string, unknown> }> {
  const args = ['-s', '-D', '-', '-F', `file=@"${filePath}"`];
  for (const [name, value] of Object.entries(fields)) args.push('-F', `${name}=${value}`);

  const { stdout } = await run('curl', [...args, uploadUrl]);
  const split = stdout.indexOf('\r\n\r\n');
  const headers = stdout.slice(0, split);
  return {
    status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(headers)?.[1]),
    headers: headers.toLowerCase(),
    body: JSON.parse(stdout.slice(split + 4)) as Record<string, unknown>,
  };
}

describe('local ImageKit over HTTP', () => {
  it('accepts a curl -F upload like the real service', async (t) => {
    const harness = await startHarness(t);
    const path = fileURLToPath(new URL('café menu (1).jpg', FIXTURES));
    const { status, headers, body } = await curlUpload(
      harness.imagekit.uploadUrl,
      { fileName: 'café menu (1).jpg', folder: '/curl', ...signedFields(harness) },
      path,
    );

    assert.equal(status, 200);
    assert.match(String(body.filePath), /^\/curl\/café_menu__1__[A-Za-z0-9]+\.jpg$/);
    assert.equal(body.width, 640);
    assert.match(headers, /^access-control-allow-origin: \*$/m);
    assert.match(headers, /^x-request-id: \S+$/m);
  });

  it('refuses a curl -F upload with a reused token like the real service', async (t) => {
    const harness = await startHarness(t);
    const path = fileURLToPath(new URL('rocket.jpg', FIXTURES));
    const fields = { fileName: 'rocket.jpg', ...signedFields(harness) };
    assert.equal((await curlUpload(harness.imagekit.uploadUrl, fields, path)).status, 200);

    const { status, body } = await curlUpload(harness.imagekit.uploadUrl, fields, path);
    assert.equal(status, 400);
    assert.match(String(body.message), /^The token with value '.+' has been used before\./);
  });

  it('answers the CORS preflight of a browser upload', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(harness.imagekit.uploadUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-custom-header',
      },
    });

    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(String(response.headers.get('access-control-allow-methods')), /POST/);
    assert.equal(response.headers.get('access-control-allow-headers'), 'x-custom-header');
  });

  it('puts one request id in x-request-id and x-ik-requestId', async (t) => {
    const harness = await startHarness(t);
    const { headers } = await uploadFixture(harness, 'rocket.jpg');

    assert.match(String(headers.get('x-request-id')), /^[0-9a-f-]{36}$/);
    assert.equal(headers.get('x-ik-requestid'), headers.get('x-request-id'));
  });

  it('puts a request id and CORS * on a 404 answer', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.origin}/api/v2/nothing`);

    assert.equal(response.status, 404);
    assert.match(String(response.headers.get('x-request-id')), /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('x-ik-requestid'), response.headers.get('x-request-id'));
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  it('puts a request id and CORS * on a 401 answer', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.apiBaseUrl}/v1/files`);

    assert.equal(response.status, 401);
    assert.match(String(response.headers.get('x-request-id')), /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('x-ik-requestid'), response.headers.get('x-request-id'));
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  it('refuses an upload that is not multipart/form-data', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(harness.imagekit.uploadUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'a.jpg' }),
    });

    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message: 'Your request should be multipart/form-data.',
      help: 'For support kindly contact us at support@imagekit.io .',
    });
  });

  it('answers an unknown route with a JSON 404', async (t) => {
    const harness = await startHarness(t);
    const response = await fetch(`${harness.imagekit.origin}/api/v2/nothing`);

    assert.equal(response.status, 404);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The requested resource does not exist.',
    );
  });

  it('answers a byte range of a video with 206 and Content-Range', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'clip.mp4');
    const whole = await fixture('clip.mp4');
    const response = await fetch(String(body.url), { headers: { range: 'bytes=100-199' } });

    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), `bytes 100-199/${whole.length}`);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), whole.subarray(100, 200));
  });

  it('answers a range past the end with 416', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'document.pdf');
    const size = Number(body.size);
    const response = await fetch(String(body.url), { headers: { range: `bytes=${size}-` } });

    assert.equal(response.status, 416);
    assert.equal(response.headers.get('content-range'), `bytes */${size}`);
    assert.equal(
      ((await response.json()) as { message: string }).message,
      'The requested range is outside the file.',
    );
  });
});
