import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  postUpload,
  signedFields,
  startHarness,
  uploadFixture,
  type Harness,
} from './local-imagekit.helpers.ts';

const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const SCRIPTED_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">' +
  '<script>document.title = "ran"</script><rect width="20" height="10" fill="red"/></svg>';

async function uploadSvg(harness: Harness): Promise<string> {
  const { status, body } = await postUpload(harness, {
    file: new Blob([SCRIPTED_SVG]),
    fileName: 'badge.svg',
    ...signedFields(harness),
  });
  assert.equal(status, 200);
  assert.equal(body.fileType, 'image');
  return String(body.url);
}

describe('local ImageKit delivery headers', () => {
  it('sends nosniff with an original and with a transformation', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'rocket.jpg');
    const original = await fetch(String(body.url));
    const resized = await fetch(`${String(body.url)}?tr=w-20`);

    assert.equal(original.status, 200);
    assert.equal(original.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(resized.status, 200);
    assert.equal(resized.headers.get('x-content-type-options'), 'nosniff');
  });

  it('sends nosniff with a non-image original, a range and a 304', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'document.pdf');
    const url = String(body.url);
    const whole = await fetch(url);
    const range = await fetch(url, { headers: { range: 'bytes=0-9' } });
    const cached = await fetch(url, { headers: { 'if-none-match': whole.headers.get('etag')! } });

    assert.deepEqual(
      [whole, range, cached].map((r) => [r.status, r.headers.get('x-content-type-options')]),
      [
        [200, 'nosniff'],
        [206, 'nosniff'],
        [304, 'nosniff'],
      ],
    );
  });

  it('sends nosniff with delivery errors', async (t) => {
    const harness = await startHarness(t);
    const { body } = await uploadFixture(harness, 'photo.heic');
    const { urlEndpoint } = harness.imagekit;
    const answers = await Promise.all(
      [
        `${urlEndpoint}/no-such-file.jpg`,
        `${urlEndpoint}/photos/%E0%A4%A.jpg`,
        `${String(body.url)}?tr=w-abc`,
        `${String(body.url)}?tr=w-20`,
      ].map((url) => fetch(url)),
    );

    assert.deepEqual(
      answers.map((r) => [r.status, r.headers.get('x-content-type-options')]),
      [
        [404, 'nosniff'],
        [400, 'nosniff'],
        [400, 'nosniff'],
        [415, 'nosniff'],
      ],
    );
  });

  it('sends a policy that runs no script with an SVG original', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadSvg(harness);
    const response = await fetch(url);

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml');
    assert.equal(response.headers.get('content-security-policy'), SVG_POLICY);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await response.text(), SCRIPTED_SVG);
  });

  it('sends the SVG policy with a 304 for an SVG original too', async (t) => {
    const harness = await startHarness(t);
    const url = await uploadSvg(harness);
    const first = await fetch(url);
    const again = await fetch(url, { headers: { 'if-none-match': first.headers.get('etag')! } });

    assert.equal(again.status, 304);
    assert.equal(again.headers.get('content-security-policy'), SVG_POLICY);
  });

  it('sends no SVG policy with an SVG rendered to PNG, nor with a JPEG', async (t) => {
    const harness = await startHarness(t);
    const svg = await fetch(`${await uploadSvg(harness)}?tr=w-40`);
    const { body } = await uploadFixture(harness, 'rocket.jpg');
    const jpeg = await fetch(String(body.url));

    assert.equal(svg.headers.get('content-type'), 'image/png');
    assert.equal(svg.headers.get('content-security-policy'), null);
    assert.equal(jpeg.headers.get('content-security-policy'), null);
  });
});
