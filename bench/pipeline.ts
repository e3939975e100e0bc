/**
 * Benchmark 2: the widget's full upload path (auth params, upload, save) against the floor — the
 * same bytes posted by the same browser straight to the same upload URL with auth params made
 * beforehand — in headless Chromium: (a) 50 photos of about 200 KB at concurrency 4, (b) one
 * 100 MB file. Sides alternate, a fresh browser context (a new demo user) for every run.
 *
 * @module
 */
import { photoBatch, randomFile } from '../test/helpers/generated-files.ts';
import {
  benchFiles,
  launchBrowser,
  loadFiles,
  metrics,
  openBenchPage,
  serveFiles,
} from './lib/browser.ts';
import { runFloor, runWidget } from './lib/page-runs.ts';
import { startStack } from './lib/stack.ts';
import { alternate, median, ms, ratio, sum, verdict } from './lib/stats.ts';
import type { Browser } from 'playwright-core';
import type { BenchFile } from './lib/browser.ts';
import type { PageRun, TimedEntry } from './lib/page-runs.ts';
import type { Stack } from './lib/stack.ts';
import type { Benchmark, BenchResult, Row } from './lib/types.ts';

const CONCURRENCY = 4;
const BIG_MB = 100;

interface Case {
  key: 'a' | 'b';
  label: string;
  files: BenchFile[];
  rounds: number;
  goal: number;
}

interface Run extends PageRun {
  /** Main-thread time Chromium spent in tasks, scripts, style and layout during the run. */
  mainThread: { task: number; script: number; styleLayout: number };
}

async function oneRun(
  browser: Browser,
  stack: Stack,
  files: BenchFile[],
  side: 'widget' | 'floor',
): Promise<Run> {
  const bench = await openBenchPage(browser, stack.url, `multiple concurrency="${CONCURRENCY}"`);
  try {
    await loadFiles(bench.page, files);
    const before = await metrics(bench.cdp);
    const run =
      side === 'widget' ? await runWidget(bench.page) : await runFloor(bench.page, CONCURRENCY);
    const after = await metrics(bench.cdp);
    const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;

    if (run.failed > 0 || run.ok !== files.length) {
      throw new Error(
        `${side} run: ${run.ok} of ${files.length} files went through, ${run.failed} failed`,
      );
    }
    return {
      ...run,
      mainThread: {
        task: delta('TaskDuration'),
        script: delta('ScriptDuration'),
        styleLayout: delta('RecalcStyleDuration') + delta('LayoutDuration'),
      },
    };
  } finally {
    await bench.close();
  }
}

type Kind = 'auth' | 'upload' | 'save' | 'thumbnail' | 'other';

function kindOf(entry: TimedEntry, stack: Stack): Kind {
  if (entry.name.includes('/generate-auth-params')) return 'auth';
  if (entry.name.includes('/save-metadata')) return 'save';
  if (entry.name.startsWith(stack.imagekit.uploadUrl)) return 'upload';
  if (entry.name.startsWith(stack.imagekit.urlEndpoint)) return 'thumbnail';
  return 'other';
}

/** Per kind of request: how many, and the median over runs of their summed and typical time. */
function breakdown(runs: Run[], stack: Stack) {
  const kinds: Kind[] = ['auth', 'upload', 'save', 'thumbnail', 'other'];
  return Object.fromEntries(
    kinds.map((kind) => {
      const perRun = runs.map((run) =>
        run.entries.filter((entry) => kindOf(entry, stack) === kind),
      );
      return [
        kind,
        {
          count: median(perRun.map((entries) => entries.length)),
          summedMs: median(perRun.map((entries) => sum(entries.map((entry) => entry.duration)))),
          medianMs: median(perRun.flatMap((entries) => entries.map((entry) => entry.duration))),
        },
      ];
    }),
  );
}

async function measureCase(browser: Browser, stack: Stack, item: Case) {
  // One warm-up run per side, not counted: first-run costs (disk cache, JIT) belong to neither.
  await oneRun(browser, stack, item.files, 'widget');
  await oneRun(browser, stack, item.files, 'floor');

  const { a: widget, b: floor } = await alternate(
    item.rounds,
    () => oneRun(browser, stack, item.files, 'widget'),
    () => oneRun(browser, stack, item.files, 'floor'),
  );
  const widgetMs = median(widget.map((run) => run.elapsedMs));
  const floorMs = median(floor.map((run) => run.elapsedMs));
  const ratios = widget.map((run, index) => run.elapsedMs / floor[index]!.elapsedMs);

  return {
    label: item.label,
    widgetMs,
    floorMs,
    ratio: widgetMs / floorMs,
    roundRatios: ratios,
    widgetRuns: widget.map(({ entries, ...run }) => ({ ...run, requests: entries.length })),
    floorRuns: floor.map(({ entries, ...run }) => ({ ...run, requests: entries.length })),
    widgetRequests: breakdown(widget, stack),
    floorRequests: breakdown(floor, stack),
    mainThread: {
      widget: {
        taskMs: median(widget.map((run) => run.mainThread.task)),
        scriptMs: median(widget.map((run) => run.mainThread.script)),
        styleLayoutMs: median(widget.map((run) => run.mainThread.styleLayout)),
      },
      floor: {
        taskMs: median(floor.map((run) => run.mainThread.task)),
        scriptMs: median(floor.map((run) => run.mainThread.script)),
        styleLayoutMs: median(floor.map((run) => run.mainThread.styleLayout)),
      },
    },
  };
}

type CaseResult = Awaited<ReturnType<typeof measureCase>>;

function rowsFor(item: Case, result: CaseResult): Row[] {
  const w = result.widgetRequests;
  const f = result.floorRequests;
  const fmt = (kind: { count: number; summedMs: number; medianMs: number }) =>
    `${kind.count} x ${ms(kind.medianMs)} (sum ${ms(kind.summedMs)})`;

  return [
    {
      metric: `${item.label}: widget full path vs floor (median wall time)`,
      ours: ms(result.widgetMs),
      reference: ms(result.floorMs),
      ratio: ratio(result.ratio),
      goal: `<= ${item.goal.toFixed(2)}x`,
      verdict: verdict(result.ratio <= item.goal),
    },
    {
      metric: `  ${item.key}: uploads, count x median (sum)`,
      ours: fmt(w.upload!),
      reference: fmt(f.upload!),
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      metric: `  ${item.key}: widget auth / save round trips`,
      ours: `auth ${fmt(w.auth!)}`,
      reference: `save ${fmt(w.save!)}`,
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      metric: `  ${item.key}: main thread busy (task; script; style+layout)`,
      ours:
        `${ms(result.mainThread.widget.taskMs)}; ${ms(result.mainThread.widget.scriptMs)}; ` +
        `${ms(result.mainThread.widget.styleLayoutMs)}`,
      reference:
        `${ms(result.mainThread.floor.taskMs)}; ${ms(result.mainThread.floor.scriptMs)}; ` +
        `${ms(result.mainThread.floor.styleLayoutMs)}`,
      ratio: '',
      goal: '',
      verdict: '',
    },
  ];
}

async function measure(): Promise<BenchResult> {
  process.stdout.write('   generating files (cached in the OS temp folder)...\n');
  const photos = await photoBatch(50, 200);
  const big = await randomFile(BIG_MB);

  // The 100 MB file needs a larger limit than the stand-in's 25 MB default: set by its option.
  const stack = await startStack({ maxFileSize: (BIG_MB + 10) * 1024 * 1024 });
  const photoServer = await serveFiles(photos);
  const bigServer = await serveFiles([big]);
  const browser = await launchBrowser();

  try {
    const cases: Case[] = [
      {
        key: 'a',
        label: `(a) 50 photos ~200 KB, concurrency ${CONCURRENCY}`,
        files: benchFiles(photos, photoServer.urls, 'image/jpeg'),
        rounds: 5,
        goal: 1.1,
      },
      {
        key: 'b',
        label: `(b) one ${BIG_MB} MB file`,
        files: benchFiles([big], bigServer.urls, 'application/octet-stream'),
        rounds: 4,
        goal: 1.02,
      },
    ];

    const rows: Row[] = [];
    const details: Record<string, unknown> = {};
    for (const item of cases) {
      process.stdout.write(`   ${item.label}\n`);
      const result = await measureCase(browser, stack, item);
      details[item.key] = result;
      rows.push(...rowsFor(item, result));
    }

    return {
      rows,
      details,
      notes: [
        'Wall time from addFiles() to iku-queue-complete (widget) and from the first XHR to ' +
          'the last load (floor); fresh context per run, 1 warm-up per side, then alternating ' +
          'rounds (5 for a, 4 for b).',
        'Request times are Resource Timing durations. The widget fetches auth params ahead ' +
          'for the queued files and saves beside the upload slots, so their sums are not time ' +
          'added to the wall clock one for one.',
        'Main-thread figures are deltas of CDP Performance.getMetrics (TaskDuration, ' +
          'ScriptDuration, RecalcStyleDuration + LayoutDuration) over the run.',
      ],
    };
  } finally {
    await browser.close();
    await photoServer.close();
    await bigServer.close();
    await stack.close();
  }
}

export const pipeline: Benchmark = {
  name: 'pipeline',
  title: 'Upload pipeline overhead in headless Chromium (widget vs floor)',
  run: measure,
};
