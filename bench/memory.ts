/**
 * Benchmark 4: the widget holding 500 queued photos with previews in headless Chromium. JS heap
 * and DOM size before adding them, while they are listed, and after removing them all; and
 * whether the preview object URLs were revoked.
 *
 * "Queued" honestly: concurrency 1 and a local ImageKit configured (faults.latencyMs) to hold
 * every upload answer for ten minutes, so one file sits in "uploading" and the other 499 wait in
 * "queued" for the whole measurement, each row with its preview.
 *
 * @module
 */
import { photoBatch } from '../test/helpers/generated-files.ts';
import {
  benchFiles,
  launchBrowser,
  loadFiles,
  metrics,
  openBenchPage,
  serveFiles,
} from './lib/browser.ts';
import { startStack } from './lib/stack.ts';
import { mb, verdict } from './lib/stats.ts';
import type { CDPSession, Page } from 'playwright-core';
import type { ImageKitUploader } from '../widget/imagekit-uploader.ts';
import type { Benchmark, BenchResult } from './lib/types.ts';

const PHOTOS = 500;
const PHOTO_KB = 300;
const HOLD_UPLOADS_MS = 10 * 60_000;
const GOAL_PEAK_BYTES = 100 * 1024 * 1024;
/** "Back to baseline": heap within 1 MB and DOM within 50 nodes of the baseline. */
const HEAP_TOLERANCE_BYTES = 1024 * 1024;
const NODE_TOLERANCE = 50;
const SETTLE_MS = 1000;

interface Sample {
  jsHeapUsed: number;
  nodes: number;
}

async function sample(cdp: CDPSession, collect: boolean): Promise<Sample> {
  if (collect) {
    // Twice: the first pass can leave objects whose finalizers free more.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const values = await metrics(cdp);
  return { jsHeapUsed: values.JSHeapUsedSize ?? 0, nodes: values.Nodes ?? 0 };
}

function widgetState(page: Page) {
  return page.evaluate(() => {
    const uploader = document.querySelector('imagekit-uploader') as ImageKitUploader;
    const images = [...(uploader.shadowRoot?.querySelectorAll('img') ?? [])];
    const states: Record<string, number> = {};
    for (const file of uploader.files) states[file.state] = (states[file.state] ?? 0) + 1;
    return {
      states,
      images: images.length,
      decoded: images.filter((image) => image.complete && image.naturalWidth > 0).length,
      blobUrls: images.map((image) => image.src).filter((src) => src.startsWith('blob:')),
    };
  });
}

async function measure(): Promise<BenchResult> {
  process.stdout.write(`   generating ${PHOTOS} photos of ~${PHOTO_KB} KB (cached)...\n`);
  const photos = await photoBatch(PHOTOS, PHOTO_KB);

  const stack = await startStack({ uploadLatencyMs: HOLD_UPLOADS_MS });
  const files = await serveFiles(photos);
  const browser = await launchBrowser();

  try {
    const bench = await openBenchPage(browser, stack.url, 'multiple concurrency="1"');
    const { page, cdp } = bench;
    await cdp.send('HeapProfiler.enable');

    // The page holds the 500 Files before the baseline, so only the widget's share is measured.
    await loadFiles(page, benchFiles(photos, files.urls, 'image/jpeg'));
    const baseline = await sample(cdp, true);

    await page.evaluate(() => {
      const uploader = document.querySelector('imagekit-uploader') as ImageKitUploader;
      uploader.addFiles((window as unknown as { benchFiles: File[] }).benchFiles);
    });

    // Samples without collection while the previews load: the peak a user's tab would see.
    const peaks: Sample[] = [];
    const deadline = Date.now() + 180_000;
    let state = await widgetState(page);
    while (state.decoded < PHOTOS && Date.now() < deadline) {
      peaks.push(await sample(cdp, false));
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await widgetState(page);
    }
    peaks.push(await sample(cdp, false));
    const during = await sample(cdp, true);
    const listed = await widgetState(page);

    await page.evaluate(async () => {
      const uploader = document.querySelector('imagekit-uploader') as ImageKitUploader;
      uploader.clear();
      await uploader.updateComplete;
    });
    const afterAtOnce = await sample(cdp, true);
    // Anything Chromium still runs for a removed row (an image task, a CSS transition) keeps the
    // whole detached list alive; a second reading tells a slow release from a leak.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const after = await sample(cdp, true);
    const afterState = await widgetState(page);

    // A revoked object URL no longer loads.
    const stillAlive = await page.evaluate(async (urls) => {
      let alive = 0;
      for (const url of urls) {
        try {
          await (await fetch(url)).arrayBuffer();
          alive += 1;
        } catch {
          // revoked, as it should be
        }
      }
      return alive;
    }, listed.blobUrls);
    await bench.close();

    const peak = Math.max(...peaks.map((s) => s.jsHeapUsed), during.jsHeapUsed);
    const peakNodes = Math.max(...peaks.map((s) => s.nodes), during.nodes);
    const growth = peak - baseline.jsHeapUsed;
    const backHeap = after.jsHeapUsed - baseline.jsHeapUsed <= HEAP_TOLERANCE_BYTES;
    const backNodes = after.nodes - baseline.nodes <= NODE_TOLERANCE;

    return {
      rows: [
        {
          metric: `${PHOTOS} queued photos ~${PHOTO_KB} KB: JS heap peak growth`,
          ours: mb(growth),
          reference:
            `baseline ${mb(baseline.jsHeapUsed)}, peak ${mb(peak)}, listed after GC ` +
            `${mb(during.jsHeapUsed)}`,
          ratio: '',
          goal: '< 100 MB',
          verdict: verdict(growth < GOAL_PEAK_BYTES),
        },
        {
          metric:
            `  DOM nodes: baseline / peak / after removal (at once; after ${SETTLE_MS / 1000} ` +
            `s)`,
          ours: `${baseline.nodes} / ${peakNodes} / ${afterAtOnce.nodes}; ${after.nodes}`,
          reference: '',
          ratio: '',
          goal: `after ${SETTLE_MS / 1000} s <= baseline + ${NODE_TOLERANCE}`,
          verdict: verdict(backNodes),
        },
        {
          metric: '  JS heap after removing all (after GC)',
          ours: mb(after.jsHeapUsed),
          reference: `baseline ${mb(baseline.jsHeapUsed)}`,
          ratio: '',
          goal: 'baseline + 1 MB',
          verdict: verdict(backHeap),
        },
        {
          metric: '  preview object URLs still loadable after removal',
          ours: `${stillAlive} of ${listed.blobUrls.length}`,
          reference: '',
          ratio: '',
          goal: '0',
          verdict: verdict(stillAlive === 0 && listed.blobUrls.length > 0),
        },
      ],
      details: {
        photos: PHOTOS,
        photoKb: PHOTO_KB,
        baseline,
        peak: { jsHeapUsed: peak, nodes: peakNodes },
        during,
        afterAtOnce,
        after,
        samples: peaks,
        listed: {
          states: listed.states,
          images: listed.images,
          decoded: listed.decoded,
          blobUrls: listed.blobUrls.length,
        },
        afterRemoval: { states: afterState.states, images: afterState.images },
        objectUrlsStillAlive: stillAlive,
      },
      notes: [
        `Held queued by concurrency 1 and the stand-in's faults.latencyMs = ` +
          `${HOLD_UPLOADS_MS} ms; while measured: ${JSON.stringify(listed.states)}, ` +
          `${listed.decoded} of ${listed.images} previews decoded.`,
        'JS heap and Nodes from CDP Performance.getMetrics (JSHeapUsedSize, Nodes); peak = ' +
          'the largest sample taken every 250 ms while previews loaded, without forced GC; ' +
          'decoded image pixels live outside the JS heap and are not in these figures.',
        "Removal is the element's clear(); revocation is checked by fetching every preview " +
          'blob: URL afterwards.',
      ],
    };
  } finally {
    await browser.close();
    await files.close();
    await stack.close();
  }
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'Widget memory with 500 queued photos',
  run: measure,
};
