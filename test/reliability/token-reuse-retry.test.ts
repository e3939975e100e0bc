/**
 * Regular test for a fault scenario 1 found: when a reused keep-alive connection breaks before
 * the answer, Chromium resends the same request on its own. If ImageKit had read the token by
 * then, it sees it twice and answers "used before". The widget used to fail the file as refused;
 * it must retry with fresh params instead.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, openWidgetPage } from './browser.ts';
import { startLocalServer } from './server.ts';
import type { Browser } from 'playwright-core';
import type { LocalServer } from './server.ts';

const ROCKET = fileURLToPath(new URL('../fixtures/rocket.jpg', import.meta.url));

interface SignedBatch {
  publicKey: string;
  uploadUrl: string;
  params: Array<{ token: string; expire: number; signature: string }>;
}

/** Uploads once with the batch's first params, so ImageKit has seen that token. */
async function spendFirstToken(batch: SignedBatch): Promise<void> {
  const [params] = batch.params;
  const form = new FormData();
  form.set('file', new Blob([await readFile(ROCKET)]), 'spent.jpg');
  form.set('fileName', 'spent.jpg');
  form.set('publicKey', batch.publicKey);
  form.set('token', params!.token);
  form.set('expire', String(params!.expire));
  form.set('signature', params!.signature);
  const response = await fetch(batch.uploadUrl, { method: 'POST', body: form });
  assert.equal(response.status, 200, 'the token was spent by a first upload');
}

describe('an upload answered "token used before"', () => {
  let server: LocalServer;
  let browser: Browser;

  before(async () => {
    server = await startLocalServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is retried with fresh auth params and ends saved', async () => {
    const widget = await openWidgetPage(browser, server.url, 50);

    // The first signed batch reaches the widget only after its token was used, exactly as a
    // browser resend would leave it.
    let intercepted = false;
    await widget.page.route('**/generate-auth-params?count=*', async (route) => {
      const response = await route.fetch();
      if (intercepted) return route.fulfill({ response });
      intercepted = true;
      const batch = (await response.json()) as SignedBatch;
      await spendFirstToken(batch);
      return route.fulfill({ response, json: batch });
    });

    await widget.addFiles([ROCKET]);
    const [file] = await widget.waitUntilSettled(30_000);
    const recorded = await widget.recorded();

    assert.equal(file?.state, 'done');
    assert.equal(file?.attempts, 2);
    assert.deepEqual(recorded.errors, []);
    assert.equal(recorded.saved.length, 1);
    assert.equal(path.basename(ROCKET), file?.name);
    assert.equal(server.imagekit.stats().tokenReuseAttempts, 1);
  });
});
