/**
 * Scenario 2: the database goes away in the middle of a batch of saves (the relay between the
 * Neon driver and PostgreSQL is cut) and comes back on the same port. The backend answers 503,
 * the widget shows the save as retrying and completes after recovery, and every uploaded file
 * ends with exactly one row. An outage longer than the automatic retries leaves the save visibly
 * failed, and the retry the user clicks once the database is back saves the file without a second
 * upload.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { photoBatch } from '../helpers/generated-files.ts';
import { ENGINES, stopRelay } from '../helpers/engines.ts';
import { launchChromium, openWidgetPage } from './browser.ts';
import { report, sized } from './scale.ts';
import { duplicates, originalName, startLocalServer } from './server.ts';
import type { Browser } from 'playwright-core';
import type { OpenedDatabase } from '../helpers/engines.ts';
import type { LocalServer } from './server.ts';

const postgres = ENGINES.find((engine) => engine.name === 'postgres')!;
const FILES = sized(20, 8);
// Shorter than the widget's automatic retry budget (about 5 s of backoff at a 1 s first delay).
const OUTAGE_MS = 2500;
// The backend asks for 5 s between tries while the database is away; 3 automatic retries.
const SAVE_RETRY_BUDGET_MS = 3 * 5000;
const LONG_OUTAGE_FILES = 2;

describe('a database outage during a batch of saves', { skip: postgres.skip }, () => {
  let database: OpenedDatabase;
  let server: LocalServer;
  let browser: Browser;

  before(async () => {
    database = await postgres.open();
    server = await startLocalServer(database.env);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.dispose();
    await stopRelay();
  });

  it(
    'answers 503, shows the save retrying, ' + 'and saves every file once after recovery',
    async (t) => {
      const widget = await openWidgetPage(browser, server.url, 1000);
      const saveStatuses: number[] = [];
      widget.page.on('response', (response) => {
        if (response.url().endsWith('/save-metadata')) saveStatuses.push(response.status());
      });
      server.imagekit.setFaults({ latencyMs: 150 });

      await widget.addFiles(await photoBatch(FILES, 40));
      await widget.page.waitForFunction(() => window.reliability.saved.length >= 1, undefined, {
        timeout: 60_000,
      });
      await database.cut();
      const savedAtCut = (await widget.recorded()).saved.length;

      // Watch what the user sees while the database is gone.
      const shown = new Set<string>();
      const until = Date.now() + OUTAGE_MS;
      while (Date.now() < until) {
        for (const row of await widget.visibleRows()) shown.add(`${row.state}: ${row.text}`);
        await widget.page.waitForTimeout(100);
      }
      await database.restore!();

      const settled = await widget.waitUntilSettled(120_000);
      const recorded = await widget.recorded();
      const stats = server.imagekit.stats();
      const rows = await database.db.query<{ file_id: string; name: string }>(
        'SELECT file_id, name FROM imagekit_files',
      );
      const unavailable = saveStatuses.filter((status) => status === 503).length;

      t.diagnostic(report('injected', { files: FILES, outageMs: OUTAGE_MS, cut: 'ws relay' }));
      t.diagnostic(
        report('counted', {
          savedAtCut,
          saveAnswers503: unavailable,
          saveAnswersOther: saveStatuses.length - unavailable,
          shownRetrying: [...shown].filter((text) => text === 'saving: Retrying').length > 0,
          errorEvents: recorded.errors.length,
          saved: recorded.saved.length,
          uploadsAccepted: stats.uploads,
          rows: rows.length,
        }),
      );

      assert.ok(savedAtCut < FILES, 'the cut came mid-batch');
      assert.ok(unavailable > 0, 'the backend answered 503 during the outage');
      assert.ok(shown.has('saving: Retrying'), `the widget showed "Retrying": ${[...shown]}`);
      assert.deepEqual(
        settled.filter((file) => file.state !== 'done').map((file) => file.name),
        [],
        'every file ends saved',
      );
      assert.deepEqual(recorded.errors, []);
      assert.equal(rows.length, stats.uploads, 'every uploaded file has a row');
      assert.deepEqual(duplicates(rows.map((row) => originalName(row.name))), [], 'one row each');
      assert.equal(rows.length, FILES);
    },
  );
  it('fails the save past its retries; the retry saves it without a second upload', async (t) => {
    const widget = await openWidgetPage(browser, server.url, 100);
    const saveStatuses: number[] = [];
    widget.page.on('response', (response) => {
      if (response.url().endsWith('/save-metadata')) saveStatuses.push(response.status());
    });
    server.imagekit.setFaults({});
    const rowsBefore = await database.db.query<{ file_id: string }>(
      'SELECT file_id FROM imagekit_files',
    );
    const paths = (await photoBatch(FILES + LONG_OUTAGE_FILES, 40)).slice(FILES);
    const names = paths.map((file) => path.basename(file));

    await database.cut();
    const outageStarted = Date.now();
    await widget.addFiles(paths);
    const failed = await widget.waitUntilSettled(SAVE_RETRY_BUDGET_MS + 30_000);
    const outageMs = Date.now() - outageStarted;
    const shown = await widget.visibleRows();
    const failures = (await widget.recorded()).errors;
    const uploadsWhileDown = server.imagekit.stats().uploads;

    await database.restore!();
    const retried = await widget.retryFailed();
    const settled = await widget.waitUntilSettled(60_000);
    const stats = server.imagekit.stats();
    const rows = await database.db.query<{ file_id: string; name: string }>(
      'SELECT file_id, name FROM imagekit_files',
    );
    const added = rows.filter((row) => names.includes(originalName(row.name)));

    t.diagnostic(report('injected', { files: LONG_OUTAGE_FILES, outageMs, cut: 'ws relay' }));
    t.diagnostic(
      report('counted', {
        saveAnswers503: saveStatuses.filter((status) => status === 503).length,
        shown: shown.map((row) => `${row.state}: ${row.text}`),
        errorEvents: failures.map((error) => `${error.code} ${error.status}`),
        retried,
        uploadsBeforeRetry: uploadsWhileDown,
        uploadsAfterRetry: stats.uploads,
        rowsAdded: rows.length - rowsBefore.length,
      }),
    );

    assert.deepEqual(
      failed.map((file) => file.state),
      names.map(() => 'failed'),
      'the saves failed once their retries ran out',
    );
    assert.deepEqual(
      shown.map((row) => `${row.state}: ${row.text}`),
      names.map(() => 'failed: Uploaded, but saving failed'),
      'each row says the upload worked and the save did not',
    );
    assert.deepEqual(
      failures.map((error) => `${error.code} ${error.status}`).sort(),
      names.map(() => 'save-failed 503'),
      'one error event per file',
    );
    assert.equal(retried, LONG_OUTAGE_FILES, 'each failed file offered a retry');
    assert.deepEqual(
      settled.filter((file) => file.state !== 'done').map((file) => file.name),
      [],
      'every file ends saved',
    );
    assert.equal(stats.uploads, uploadsWhileDown, 'the retry saved without uploading again');
    assert.equal(rows.length - rowsBefore.length, LONG_OUTAGE_FILES);
    assert.deepEqual(added.map((row) => originalName(row.name)).sort(), [...names].sort());
  });
});
