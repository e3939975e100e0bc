/**
 * Scenario 3: the browser loses the network in the middle of a batch (DevTools network
 * emulation). Uploads pause without failing, resume once the browser is back online, and every
 * attempt carries auth params of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { photoBatch } from '../helpers/generated-files.ts';
import { launchChromium, openWidgetPage } from './browser.ts';
import { report, sized } from './scale.ts';
import { duplicates, originalName, startLocalServer } from './server.ts';
import type { Browser } from 'playwright-core';
import type { LocalServer } from './server.ts';

const FILES = sized(20, 8);
const OFFLINE_MS = sized(4000, 2000);
// Slow uploads, so the cut lands while the batch is in flight.
const LATENCY_MS = 300;
// Long enough for an upload sent just before the cut to be answered.
const SETTLE_MS = 1000;

describe('a browser that goes offline mid-batch', () => {
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

  it('pauses the uploads and resumes them online, each attempt with fresh params', async (t) => {
    const widget = await openWidgetPage(browser, server.url, 100);
    const devtools = await widget.page.context().newCDPSession(widget.page);
    await devtools.send('Network.enable');
    const network = (offline: boolean) =>
      devtools.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    server.imagekit.setFaults({ latencyMs: LATENCY_MS });

    await widget.addFiles(await photoBatch(FILES, 40));
    await widget.page.waitForFunction(() => window.reliability.saved.length >= 1, undefined, {
      timeout: 60_000,
    });
    await network(true);
    const savedAtCut = (await widget.recorded()).saved.length;
    // Requests already sent may still land; after that, nothing gets through until online.
    await widget.page.waitForTimeout(SETTLE_MS);
    const statsSettled = server.imagekit.stats();
    await widget.page.waitForTimeout(OFFLINE_MS - SETTLE_MS);
    const whileOffline = await widget.visibleRows();
    const statsOffline = server.imagekit.stats();
    const savedOffline = (await widget.recorded()).saved.length;

    await network(false);
    const settled = await widget.waitUntilSettled(120_000);
    const recorded = await widget.recorded();
    const presented = await widget.presentedTokens();
    const stats = server.imagekit.stats();
    const waiting = whileOffline.filter((row) => row.text.startsWith('Offline'));

    t.diagnostic(
      report('injected', { files: FILES, offlineMs: OFFLINE_MS, latencyMs: LATENCY_MS }),
    );
    t.diagnostic(
      report('counted', {
        savedAtCut,
        savedWhileOffline: savedOffline - savedAtCut,
        shownWaitingForNetwork: waiting.length,
        errorsEvents: recorded.errors.length,
        attempts: recorded.starts.length,
        tokensPresented: presented.length,
        tokensPresentedTwice: duplicates(presented).length,
        uploadsAccepted: stats.uploads,
        orphanedAtImageKit: stats.uploads - FILES,
        tokenReuseAttempts: stats.tokenReuseAttempts,
        saved: recorded.saved.length,
      }),
    );

    assert.ok(savedAtCut < FILES, 'the cut came mid-batch');
    assert.ok(waiting.length > 0, 'files show they wait for the network');
    assert.deepEqual(recorded.errors, [], 'no file failed because of the cut');
    assert.equal(
      statsOffline.uploads + statsOffline.rejected,
      statsSettled.uploads + statsSettled.rejected,
      'no upload reached ImageKit while offline',
    );
    assert.equal(savedOffline, savedAtCut, 'no save went through while offline');
    assert.deepEqual(
      settled.filter((file) => file.state !== 'done').map((file) => file.name),
      [],
      'every file ends saved',
    );
    assert.equal(recorded.saved.length, FILES);
    // An upload in flight at the cut may have reached ImageKit while its answer was lost; the
    // retry stores a second copy there, but only one of them is ever saved.
    const rows = await server.closeAndReadTable();
    assert.deepEqual(duplicates(rows.map((row) => originalName(row.name))), [], 'one row per file');
    assert.equal(rows.length, FILES);
    assert.deepEqual(duplicates(presented), [], 'every attempt had a token of its own');
    assert.equal(stats.tokenReuseAttempts, 0);
  });
});
