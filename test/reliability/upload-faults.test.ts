/**
 * Scenario 1: the local ImageKit answers 500 to some uploads and drops the connection of others
 * mid-upload; every file a user adds still ends saved (automatically, or by the retry the widget
 * offers), with one row per file and no token presented twice. A last file meets more faults than
 * the automatic retries cover: it shows as failed, fires its event, and the visible retry saves it.
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
// The first attempt and the widget's 3 automatic retries.
const ATTEMPTS_PER_RUN = 4;

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

    // One file alone past the automatic retries: a failure the user must see and recover.
    const batchErrors = (await widget.recorded()).errors.length;
    const [lastFile] = (await photoBatch(FILES + 1, 40)).slice(FILES);
    server.imagekit.setFaults({ failNext: ATTEMPTS_PER_RUN });
    await widget.addFiles([lastFile!]);
    const lastName = path.basename(lastFile!);
    await widget.page.waitForFunction(
      (name) => window.reliability.starts.some((start) => start.name === name),
      lastName,
    );
    const [lastSettled] = (await widget.waitUntilSettled(60_000)).filter(
      (file) => file.name === lastName,
    );
    const lastRow = (await widget.visibleRows()).find((row) => row.name === lastName);
    const lastErrors = (await widget.recorded()).errors.slice(batchErrors);
    const lastRetried = await widget.retryFailed();
    settled = await widget.waitUntilSettled(60_000);

    const recorded = await widget.recorded();
    const presented = await widget.presentedTokens();
    const stats = server.imagekit.stats();
    const rows = await server.closeAndReadTable();
    const names = [...paths, lastFile!].map((file) => path.basename(file)).sort();

    t.diagnostic(
      report('injected', {
        files: FILES,
        ...FAULTS,
        lastFileFailNext: ATTEMPTS_PER_RUN,
        faultsInjected: stats.faultsInjected,
      }),
    );
    t.diagnostic(
      report('counted', {
        attempts: recorded.starts.length,
        autoFailures: failedFirst.length,
        manualRetries: manualRetries + lastRetried,
        errorEvents: recorded.errors.length,
        saved: recorded.saved.length,
        uploadsAccepted: stats.uploads,
        uploadsRejected: stats.rejected,
        rows: rows.length,
        tokensPresentedByWidget: presented.length,
        tokensPresentedTwiceByWidget: duplicates(presented).length,
        standInTokenReuseAttempts: stats.tokenReuseAttempts,
        // Dropped requests the browser itself sent again on a fresh connection, unseen by the page.
        browserResends: stats.uploads + stats.rejected - presented.length,
        lastFileShown: `${lastRow?.text}: ${lastRow?.message}`,
        lastFileErrorEvents: lastErrors.length,
      }),
    );

    assert.deepEqual(
      settled.filter((file) => file.state !== 'done').map((file) => `${file.name}: ${file.state}`),
      [],
      'every file ends saved',
    );
    assert.ok(stats.faultsInjected > 0, 'faults were injected');
    assert.equal(lastSettled?.state, 'failed', 'the last file used up its automatic retries');
    assert.equal(lastRow?.state, 'failed');
    assert.equal(lastRow?.text, 'The upload service failed', 'the row says what failed');
    assert.match(lastRow?.message ?? '', /Internal server error/, "and shows ImageKit's message");
    assert.deepEqual(
      lastErrors.map((error) => `${error.name} ${error.code} ${error.status}`),
      [`${lastName} upload-server-error 500`],
      'one error event for the failed file',
    );
    assert.equal(lastRetried, 1, 'the failed file offered a retry button');
    assert.deepEqual(rows.map((row) => originalName(row.name)).sort(), names, 'one row per file');
    assert.deepEqual(duplicates(rows.map((row) => row.file_id)), [], 'no duplicate file ids');
    assert.equal(stats.uploads, FILES + 1, 'ImageKit stored each file once');
    assert.deepEqual(duplicates(presented), [], 'the widget presents no token twice');
    assert.equal(stats.tokenReuseAttempts, 0, 'ImageKit saw no token twice');
  });
});
