/**
 * Drives the demo page's `<imagekit-uploader>` in a real Chromium through playwright-core: adds
 * files, records every `iku-` event, reads each file's visible state, retries failed files.
 *
 * @module
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../helpers/chromium-path.mjs';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';
import type { FileRow, UploaderFile } from '../../widget/types.ts';

/** What the page heard from the element. */
export interface Recorded {
  starts: Array<{ name: string; attempt: number }>;
  saved: FileRow[];
  errors: Array<{ name: string; code: string; status?: number }>;
  completes: number;
}

declare global {
  interface Window {
    reliability: Recorded;
    presentedTokens: string[];
  }
}

/** One file row as the user sees it in the element's list. */
export interface VisibleRow {
  name: string;
  state: string;
  text: string;
  /** The row's message line (the error, for a failed file), or '' when it has none. */
  message: string;
}

export interface WidgetPage {
  page: Page;
  recorded(): Promise<Recorded>;
  /** The upload token of every upload request the page itself sent, in order. */
  presentedTokens(): Promise<string[]>;
  files(): Promise<UploaderFile[]>;
  visibleRows(): Promise<VisibleRow[]>;
  addFiles(paths: string[]): Promise<void>;
  /** Clicks the visible retry button of every failed file, as a user would; returns how many. */
  retryFailed(): Promise<number>;
  /** Resolves once no file is queued, authorizing, uploading or saving. */
  waitUntilSettled(timeoutMs: number): Promise<UploaderFile[]>;
}

export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium found; set CHROMIUM_PATH');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** Opens the demo page, sets the retry delay, and starts recording events. */
export async function openWidgetPage(
  browser: Browser,
  url: string,
  retryDelayMs: number,
): Promise<WidgetPage> {
  const context = await browser.newContext();
  // Counts what the widget sends, apart from what the browser's network stack may resend.
  await context.addInitScript(() => {
    window.presentedTokens = [];
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      const token = body instanceof FormData ? body.get('token') : null;
      if (typeof token === 'string') window.presentedTokens.push(token);
      return send.call(this, body);
    };
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(async (retryDelay) => {
    await customElements.whenDefined('imagekit-uploader');
    const record: Recorded = { starts: [], saved: [], errors: [], completes: 0 };
    window.reliability = record;

    const uploader = document.querySelector('imagekit-uploader')!;
    uploader.retryDelay = retryDelay;
    uploader.addEventListener('iku-upload-start', (event) => {
      record.starts.push({ name: event.detail.file.name, attempt: event.detail.attempt });
    });
    uploader.addEventListener('iku-upload-success', (event) => record.saved.push(event.detail.row));
    uploader.addEventListener('iku-upload-error', (event) => {
      const { file, code, status } = event.detail;
      record.errors.push({ name: file.name, code, status });
    });
    uploader.addEventListener('iku-queue-complete', () => (record.completes += 1));
  }, retryDelayMs);

  const files = () =>
    page.evaluate(() =>
      document.querySelector<ImageKitUploader>('imagekit-uploader')!.files.map((f) => ({ ...f })),
    );

  return {
    page,
    recorded: () => page.evaluate(() => window.reliability),
    presentedTokens: () => page.evaluate(() => window.presentedTokens),
    files,
    visibleRows: () =>
      page.evaluate(() => {
        const root = document.querySelector('imagekit-uploader')!.shadowRoot!;
        return [...root.querySelectorAll<HTMLElement>('li[data-state]')].map((row) => ({
          name: row.querySelector('[part~="file-name"]')?.textContent ?? '',
          state: row.dataset.state ?? '',
          text: row.querySelector('[part~="file-state"]')?.textContent?.trim() ?? '',
          message: row.querySelector('[part~="file-message"]')?.textContent?.trim() ?? '',
        }));
      }),
    addFiles: (paths) =>
      page.locator('imagekit-uploader').locator('input[type="file"]').setInputFiles(paths),
    retryFailed: async () => {
      const failed = (await files()).filter((file) => file.state === 'failed');
      for (const file of failed) {
        await page.getByRole('button', { name: `Retry ${file.name}`, exact: true }).click();
      }
      return failed.length;
    },
    waitUntilSettled: async (timeoutMs) => {
      await page.waitForFunction(
        () =>
          document
            .querySelector<ImageKitUploader>('imagekit-uploader')!
            .files.every((file) => ['done', 'failed', 'canceled'].includes(file.state)),
        undefined,
        { timeout: timeoutMs, polling: 100 },
      );
      return files();
    },
  };
}
