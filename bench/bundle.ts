/**
 * Benchmark 1: raw, gzip and brotli sizes of the widget's script-tag build beside the script
 * bundles of comparable uploaders, installed from npm into a temporary folder at bench time.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { kb, ratio, verdict } from './lib/stats.ts';
import type { Benchmark, BenchResult, Row } from './lib/types.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const OURS = path.join(ROOT, 'dist', 'imagekit-uploader.js');
const GOAL_GZIP_BYTES = 20 * 1024;

interface Anchor {
  label: string;
  pkg: string;
  /** Files inside the package: the script bundle, then any stylesheet it needs to look right. */
  js: string;
  css?: string;
}

// Which file is "the script bundle" of each package: the one its docs load from a CDN.
const ANCHORS: readonly Anchor[] = [
  {
    label: 'Uploadcare (web build)',
    pkg: '@uploadcare/file-uploader',
    js: 'web/file-uploader.min.js',
    css: 'web/uc-file-uploader-regular.min.css',
  },
  {
    label: 'Uploadcare (regular uploader only)',
    pkg: '@uploadcare/file-uploader',
    js: 'web/uc-file-uploader-regular.min.js',
    css: 'web/uc-file-uploader-regular.min.css',
  },
  {
    label: 'Uppy (all-in-one dist)',
    pkg: 'uppy',
    js: 'dist/uppy.min.js',
    css: 'dist/uppy.min.css',
  },
  {
    label: 'FilePond (core dist)',
    pkg: 'filepond',
    js: 'dist/filepond.min.js',
    css: 'dist/filepond.min.css',
  },
  { label: 'ImageKit JS SDK (no UI)', pkg: '@imagekit/javascript', js: 'dist/imagekit.min.js' },
];

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizesOf(bytes: Buffer): Sizes {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

async function installAnchors(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'package.json'), '{"name":"bench-anchors","private":true}\n');
  const packages = [...new Set(ANCHORS.map((anchor) => anchor.pkg))];
  await run(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packages,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

async function versionOf(dir: string, pkg: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

async function measure(): Promise<BenchResult> {
  const ours = sizesOf(await readFile(OURS));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iku-bench-anchors-'));

  try {
    await installAnchors(dir);

    const anchors = [];
    for (const anchor of ANCHORS) {
      const base = path.join(dir, 'node_modules', anchor.pkg);
      const js = sizesOf(await readFile(path.join(base, anchor.js)));
      const css = anchor.css ? sizesOf(await readFile(path.join(base, anchor.css))) : undefined;
      anchors.push({
        ...anchor,
        version: await versionOf(dir, anchor.pkg),
        jsSizes: js,
        cssSizes: css,
      });
    }

    const rows: Row[] = [
      {
        metric: 'ours: dist/imagekit-uploader.js (JS+CSS), gzip',
        ours: kb(ours.gzip),
        reference: `raw ${kb(ours.raw)}, br ${kb(ours.brotli)}`,
        ratio: '',
        goal: '<= 20.0 KB',
        verdict: verdict(ours.gzip <= GOAL_GZIP_BYTES),
      },
    ];
    for (const anchor of anchors) {
      const isGoalAnchor = anchor.pkg === 'filepond' || anchor.label === 'Uploadcare (web build)';
      rows.push({
        metric: `vs ${anchor.label} ${anchor.version}, gzip`,
        ours: kb(ours.gzip),
        reference: `${kb(anchor.jsSizes.gzip)} (${anchor.js})`,
        ratio: ratio(ours.gzip / anchor.jsSizes.gzip),
        goal: isGoalAnchor ? 'smaller' : '',
        verdict: isGoalAnchor ? verdict(ours.gzip < anchor.jsSizes.gzip) : '',
      });
    }

    return {
      rows,
      details: { ours: { file: 'dist/imagekit-uploader.js', ...ours }, anchors },
      notes: [
        'Our script build carries its styles; the anchors need the stylesheet listed in ' +
          'details.css as well.',
        'gzip level 9, brotli quality 11 (node:zlib).',
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bundle: Benchmark = {
  name: 'bundle',
  title: 'Bundle size (script-tag build vs anchors)',
  run: measure,
};
