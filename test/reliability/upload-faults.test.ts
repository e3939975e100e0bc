/**
 * Scenario 1: the local ImageKit answers 500 to some uploads and drops the connection of others;
 * every file a user adds still ends saved (automatically, or by the retry the widget offers),
 * with one row per file and no token presented twice.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { photoBatch } from '../helpers/generated-files.ts';
import { launchChromium, openWidgetPage } from './browser.ts';
import { report, sized } from './scale.ts';
import { duplicates, originalName, startLocalServer } from './server.ts';
import type { Browser } from 'playwright-core';
import type { LocalServer } from './server.ts';

const FILES = sized(50, 16);
// failNext makes sure even the short run meets faults; the rates do the rest.
const FAULTS = { errorRate: 0.1, dropRate: 0.1, latencyMs: 20, failNext: 2 };
const MAX_MANUAL_ROUNDS = 5;

describe('uploads under injected ImageKit faults', () => {
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

  it('ends every file saved exactly once, and the widget presents no token twice', async (t) => {
    const paths = await photoBatch(FILES, 40);
    const widget = await openWidgetPage(browser, server.url, 100);
    server.imagekit.setFaults(FAULTS);

    await widget.addFiles(paths);
    let settled = await widget.waitUntilSettled(240_000);
    const failedFirst = settled.filter((file) => file.state === 'failed');

    // A file that used up its automatic retries must be recoverable by the visible retry.
    let manualRetries = 0;
    for (let round = 0; round < MAX_MANUAL_ROUNDS; round += 1) {
      if (!settled.some((file) => file.state === 'failed')) break;
      manualRetries += await widget.retryFailed();
      settled = await widget.waitUntilSettled(120_000);
    }

    const recorded = await widget.recorded();
    const presented = await widget.presentedTokens();
    const stats = server.imagekit.stats();
    // Requests the stand-in saw beyond those the page sent: the browser's own resends of a
    // request whose reused keep-alive connection was cut.
    const resent = stats.uploads + stats.rejected - presented.length;
    const rows = await server.closeAndReadTable();
    const names = paths.map((file) => path.basename(file)).sort();

    t.diagnostic(
      report('injected', { files: FILES, ...FAULTS, faultsInjected: stats.faultsInjected }),
    );
    t.diagnostic(
      report('counted', {
        attempts: recorded.starts.length,
        autoFailures: failedFirst.length,
        manualRetries,
        errorEvents: recorded.errors.length,
        saved: recorded.saved.length,
        uploadsAccepted: stats.uploads,
        uploadsRejected: stats.rejected,
        rows: rows.length,
        tokensPresentedByWidget: presented.length,
        tokensPresentedTwiceByWidget: duplicates(presented).length,
        browserResends: resent,
        standInTokenReuseAttempts: stats.tokenReuseAttempts,
      }),
    );

    assert.deepEqual(
      settled.filter((file) => file.state !== 'done').map((file) => `${file.name}: ${file.state}`),
      [],
      'every file ends saved',
    );
    assert.ok(stats.faultsInjected > 0, 'faults were injected');
    assert.deepEqual(rows.map((row) => originalName(row.name)).sort(), names, 'one row per file');
    assert.deepEqual(duplicates(rows.map((row) => row.file_id)), [], 'no duplicate file ids');
    assert.equal(stats.uploads, FILES, 'ImageKit stored each file once');
    assert.deepEqual(duplicates(presented), [], 'the widget presents no token twice');
    assert.ok(
      stats.tokenReuseAttempts <= resent,
      `every reused token at ImageKit (${stats.tokenReuseAttempts}) is a browser resend ` +
        `(${resent})`,
    );
  });
});
