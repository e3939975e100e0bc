/**
 * The first five minutes of a newcomer, automated: `npm start` on an empty data folder, the demo
 * page in a real Chromium, real photos added by file picker and by drag and drop, then a restart.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';

import { chromiumArgs, chromiumPath } from '../helpers/chromium-path.mjs';
import { photo16mp } from '../helpers/generated-files.ts';
import { freePort, startWithNpm, type StartedServer } from './server-process.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../output/', import.meta.url));
const SAVE_TIMEOUT_MS = 120_000;

interface SavedRow {
  fileId: string;
  name: string;
  url: string;
  fileType: string;
  width: number | null;
  height: number | null;
}

interface DemoWindow {
  saved: SavedRow[];
  failures: string[];
}

declare global {
  interface Window {
    demoTest: DemoWindow;
  }
}

async function openDemo(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(async () => {
    await customElements.whenDefined('imagekit-uploader');
    const record: DemoWindow = { saved: [], failures: [] };
    window.demoTest = record;
    const uploader = document.querySelector('imagekit-uploader')!;
    uploader.addEventListener('iku-upload-success', (event) => record.saved.push(event.detail.row));
    uploader.addEventListener('iku-upload-error', (event) => {
      record.failures.push(
        `${event.detail.file.name}: ${event.detail.code} ${event.detail.message}`,
      );
    });
  });
  return page;
}

/** Drops one file on the widget's drop zone the way a browser delivers a real drag and drop. */
async function dropFile(page: Page, file: string, type: string): Promise<void> {
  const bytes = (await readFile(file)).toString('base64');
  const transfer = await page.evaluateHandle(
    ({ bytes, name, type }) => {
      const data = Uint8Array.from(atob(bytes), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      return transfer;
    },
    { bytes, name: path.basename(file), type },
  );

  const zone = page.locator('imagekit-uploader').locator('[part~="dropzone"]');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

async function waitForSaved(page: Page, count: number): Promise<SavedRow[]> {
  await page.waitForFunction(
    (count) => window.demoTest.saved.length >= count || window.demoTest.failures.length > 0,
    count,
    { timeout: SAVE_TIMEOUT_MS },
  );
  const record = await page.evaluate(() => window.demoTest);
  assert.deepEqual(record.failures, [], 'no upload may fail');
  return record.saved;
}

/** Waits until every gallery image has loaded, and returns each one's natural size. */
async function galleryImages(page: Page, count: number) {
  const images = page.locator('#gallery img');
  await page.waitForFunction(
    (count) => {
      const images = [...document.querySelectorAll<HTMLImageElement>('#gallery img')];
      return images.length === count && images.every((image) => image.complete);
    },
    count,
    { timeout: 30_000 },
  );
  return images.evaluateAll((nodes) =>
    (nodes as HTMLImageElement[]).map((image) => ({
      alt: image.alt,
      src: image.src,
      width: image.naturalWidth,
      height: image.naturalHeight,
    })),
  );
}

async function listFiles(page: Page): Promise<SavedRow[]> {
  return page.evaluate(async () => {
    const response = await fetch('/files?limit=100', { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`GET /files answered ${response.status}`);
    return (await response.json()).files;
  });
}

describe('the demo page served by npm start', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: StartedServer;
  let browser: Browser;
  let context: BrowserContext;
  let saved: SavedRow[] = [];
  let heic: SavedRow;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'iku-e2e-'));
    env = {
      PORT: String(await freePort()),
      LOCAL_IMAGEKIT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    server = await startWithNpm(env);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uploads photos added by the picker and by drag and drop, and saves each one', async () => {
    const page = await openDemo(context, server.url);
    const picked = [
      path.join(FIXTURES, 'rocket.jpg'),
      await photo16mp(),
      path.join(FIXTURES, 'exif-rotated.jpg'),
    ];

    await page.locator('imagekit-uploader').locator('input[type="file"]').setInputFiles(picked);
    await dropFile(page, path.join(FIXTURES, 'chelsea.png'), 'image/png');
    saved = await waitForSaved(page, 4);

    assert.equal(saved.length, 4);
    const listed = await listFiles(page);
    assert.deepEqual(listed.map((row) => row.fileId).sort(), saved.map((row) => row.fileId).sort());
    for (const stem of ['rocket', 'photo-16mp', 'exif-rotated', 'chelsea']) {
      assert.ok(
        listed.some((row) => row.name.startsWith(stem)),
        `GET /files lists a file named after ${stem}`,
      );
    }
    const big = listed.find((row) => row.name.startsWith('photo-16mp'))!;
    assert.deepEqual([big.width, big.height], [4032, 4032]);
  });

  it('shows every saved photo in the gallery, upright', async () => {
    const page = await openDemo(context, server.url);
    const images = await galleryImages(page, 4);

    for (const image of images) {
      assert.ok(image.width > 0 && image.height > 0, `${image.alt} thumbnail loaded`);
    }

    // The sideways-stored photo must come out landscape from the server itself, not only
    // because the browser honours EXIF: the delivered bytes carry no orientation tag to honour.
    const rotated = images.find((image) => image.alt.startsWith('exif-rotated'))!;
    assert.ok(rotated.width > rotated.height, 'exif-rotated.jpg thumbnail is landscape');
    const delivered = await sharp(
      Buffer.from(await (await fetch(rotated.src)).arrayBuffer()),
    ).metadata();
    assert.ok(delivered.width! > delivered.height!, 'delivered thumbnail bytes are landscape');
    assert.ok((delivered.orientation ?? 1) === 1, 'delivered thumbnail needs no EXIF rotation');

    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'demo.png'), fullPage: true });
  });

  it('keeps the rows in the embedded database and the files after a restart', async () => {
    await server.stop();

    const db = new PGlite(path.join(dataDir, 'pglite'));
    try {
      const result = await db.query<{ file_id: string; user_id: string; file_url: string }>(
        'SELECT file_id, user_id, file_url FROM imagekit_files ORDER BY file_id',
      );
      assert.deepEqual(
        result.rows.map((row) => row.file_id),
        saved.map((row) => row.fileId).sort(),
      );
      assert.equal(new Set(result.rows.map((row) => row.user_id)).size, 1, 'one demo user');
    } finally {
      await db.close();
    }

    server = await startWithNpm(env);
    const page = await openDemo(context, server.url);
    const listed = await listFiles(page);
    assert.equal(listed.length, 4);
    const images = await galleryImages(page, 4);
    for (const image of images) {
      assert.ok(image.width > 0, `${image.alt} still loads after the restart`);
    }
  });

  it('shows a type placeholder for an image that has no thumbnail', async () => {
    const page = await openDemo(context, server.url);
    await page
      .locator('imagekit-uploader')
      .locator('input[type="file"]')
      .setInputFiles(path.join(FIXTURES, 'photo.heic'));
    [heic] = await waitForSaved(page, 1);

    // The local ImageKit cannot transform HEIC and answers 415 for its thumbnail.
    const card = page.locator(`#gallery [data-file-id="${heic.fileId}"]`);
    await card.locator('.placeholder').waitFor({ timeout: 30_000 });
    assert.equal(await card.locator('img').count(), 0, 'no broken image is left in the card');
    assert.match((await card.locator('.thumb').textContent())!, /HEIC/);
  });

  it('asks before deleting a file from ImageKit, then removes its card and its row', async () => {
    const page = await openDemo(context, server.url);
    const card = page.locator(`#gallery [data-file-id="${heic.fileId}"]`);
    const remove = card.getByRole('button', { name: `Delete from ImageKit: ${heic.name}` });
    const question = card.getByRole('group', { name: `Delete ${heic.name} permanently?` });

    await remove.click();
    await question.waitFor();
    await question.getByRole('button', { name: 'No' }).click();
    assert.ok(await remove.isVisible(), 'No puts the Delete button back');
    assert.ok(
      (await listFiles(page)).some((row) => row.fileId === heic.fileId),
      'nothing is deleted before the person confirms',
    );

    await remove.click();
    await question.getByRole('button', { name: 'Yes, delete' }).click();
    await card.waitFor({ state: 'detached' });
    const listed = await listFiles(page);
    assert.ok(!listed.some((row) => row.fileId === heic.fileId), 'GET /files no longer lists it');
    assert.equal(await page.locator('#gallery-count').textContent(), `${listed.length} files`);
  });
});
