/**
 * Headless Chromium for the browser benchmarks: a bench page on the backend's own origin (so the
 * demo cookie and CORS behave as on the demo page), and the bench's files loaded into the page
 * as `File`s from a loopback file server before any timer starts.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../test/helpers/chromium-path.mjs';
import type { AddressInfo } from 'node:net';
import type { Browser, CDPSession, Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium found (set CHROMIUM_PATH)');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface FileServer {
  /** URL of the n-th file. */
  urls: string[];
  close(): Promise<void>;
}

/** Serves `files` at /0, /1, ... with CORS open, so a page on another origin can fetch them. */
export async function serveFiles(files: readonly string[]): Promise<FileServer> {
  const server = createServer(async (request, response) => {
    const file = files[Number((request.url ?? '').slice(1))];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const { size } = await stat(file);
    response.writeHead(200, {
      'content-length': size,
      'content-type': 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    createReadStream(file).pipe(response);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    urls: files.map((_, index) => `http://127.0.0.1:${port}/${index}`),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface BenchFile {
  url: string;
  name: string;
  type: string;
}

export function benchFiles(
  files: readonly string[],
  urls: readonly string[],
  type: string,
): BenchFile[] {
  return files.map((file, index) => ({ url: urls[index]!, name: path.basename(file), type }));
}

/** Opens a page on the backend's origin holding one widget with `attributes`. */
export async function openBenchPage(
  browser: Browser,
  origin: string,
  attributes: string,
): Promise<{ page: Page; cdp: CDPSession; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head>' +
    '<body><script src="/imagekit-uploader.js"></script></body></html>';

  // A document the backend really served, then rewritten: a page fulfilled by Playwright's
  // route() counts as public, and Chromium's local network access rules would then block its
  // requests to the loopback stand-in and file server. Elements written by setContent are not
  // upgraded in this rewritten document, so the widget is created once its class is defined.
  await page.goto(`${origin}/healthz`);
  await page.setContent(html);
  // tsx names functions through a `__name` helper that the page's functions would then call.
  await page.evaluate('window.__name = (fn) => fn');
  await page.evaluate(
    async ({ origin, attributes }) => {
      await customElements.whenDefined('imagekit-uploader');
      const holder = document.createElement('div');
      holder.innerHTML =
        `<imagekit-uploader endpoint="${origin}" ` + `${attributes}></imagekit-uploader>`;
      document.body.append(holder);
    },
    { origin, attributes },
  );

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp, close: () => context.close() };
}

/** Fetches the files into the page as `File`s kept on `window.benchFiles`. */
export async function loadFiles(page: Page, files: readonly BenchFile[]): Promise<void> {
  await page.evaluate(async (files) => {
    const loaded = await Promise.all(
      files.map(async ({ url, name, type }) => {
        const blob = await (await fetch(url)).blob();
        return new File([blob], name, { type });
      }),
    );
    (window as unknown as { benchFiles: File[] }).benchFiles = loaded;
  }, files);
}

/** Chromium's own counters (CDP Performance.getMetrics) by name. */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}
