/**
 * The two sides of the pipeline benchmark as they run inside the page. Each returns its elapsed
 * time and the Resource Timing entries recorded while its clock ran.
 *
 * @module
 */
import type { Page } from 'playwright-core';
import type { ImageKitUploader } from '../../widget/imagekit-uploader.ts';

export interface TimedEntry {
  name: string;
  startTime: number;
  duration: number;
}

export interface PageRun {
  elapsedMs: number;
  ok: number;
  failed: number;
  progressEvents: number;
  entries: TimedEntry[];
}

interface BenchWindow {
  benchFiles: File[];
}

/** The widget's full path: addFiles() until `iku-queue-complete`. */
export function runWidget(page: Page): Promise<PageRun> {
  return page.evaluate(async () => {
    const files = (window as unknown as BenchWindow).benchFiles;
    const uploader = document.querySelector('imagekit-uploader') as ImageKitUploader;

    // A visitor of a real site already has a session; open it before the clock starts.
    await (await fetch('/files?limit=1', { credentials: 'same-origin' })).text();
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();

    let progressEvents = 0;
    uploader.addEventListener('iku-upload-progress', () => (progressEvents += 1));
    const complete = new Promise<{ done: number; failed: number }>((resolve) =>
      uploader.addEventListener('iku-queue-complete', (event) => resolve(event.detail), {
        once: true,
      }),
    );

    const started = performance.now();
    uploader.addFiles(files);
    const counts = await complete;
    const elapsedMs = performance.now() - started;

    const entries = performance
      .getEntriesByType('resource')
      .map(({ name, startTime, duration }) => ({ name, startTime: startTime - started, duration }));
    return { elapsedMs, ok: counts.done, failed: counts.failed, progressEvents, entries };
  });
}

/**
 * The floor: the same File objects posted by XHR + FormData straight to the upload URL, with
 * auth params fetched before the clock starts, `concurrency` at a time, nothing else.
 */
export function runFloor(page: Page, concurrency: number): Promise<PageRun> {
  return page.evaluate(async (concurrency) => {
    const files = (window as unknown as BenchWindow).benchFiles;

    interface Grant {
      token: string;
      expire: number;
      signature: string;
    }
    const grants: Grant[] = [];
    let publicKey = '';
    let uploadUrl = '';
    while (grants.length < files.length) {
      const count = Math.min(20, files.length - grants.length);
      const response = await fetch(`/generate-auth-params?count=${count}`);
      if (!response.ok) throw new Error(`auth params: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as {
        publicKey: string;
        uploadUrl: string;
        params: Grant[];
      };
      grants.push(...body.params);
      publicKey = body.publicKey;
      uploadUrl = body.uploadUrl;
    }
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();

    const post = (file: File, grant: Grant) =>
      new Promise<number>((resolve) => {
        const form = new FormData();
        form.set('file', file, file.name);
        form.set('fileName', file.name);
        form.set('publicKey', publicKey);
        form.set('signature', grant.signature);
        form.set('expire', String(grant.expire));
        form.set('token', grant.token);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', uploadUrl, true);
        xhr.onload = () => resolve(xhr.status);
        xhr.onerror = () => resolve(0);
        xhr.send(form);
      });

    let next = 0;
    let ok = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < files.length) {
          const index = next++;
          if ((await post(files[index]!, grants[index]!)) === 200) ok += 1;
        }
      }),
    );
    const elapsedMs = performance.now() - started;

    const entries = performance
      .getEntriesByType('resource')
      .map(({ name, startTime, duration }) => ({ name, startTime: startTime - started, duration }));
    return { elapsedMs, ok, failed: files.length - ok, progressEvents: 0, entries };
  }, concurrency);
}
