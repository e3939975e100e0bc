import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { ensureWidgetBuilt } from '../../server/widget-build.ts';

const SCRIPT = 'imagekit-uploader.js';
const MODULE = 'imagekit-uploader.es.js';

describe('building the widget before npm start serves it', () => {
  let root: string;
  let logs: string[];
  let modes: string[];
  const logger = () => createLogger('info', (line) => logs.push(line));
  // Stands in for vite: records the mode and writes the file that mode writes.
  const build = async (mode: string) => {
    modes.push(mode);
    await writeFile(path.join(root, 'dist', mode === 'esm' ? MODULE : SCRIPT), '// built');
  };
  const writeDist = async (file: string, ageSeconds: number) => {
    const target = path.join(root, 'dist', file);
    await writeFile(target, '// old');
    const time = new Date(Date.now() - ageSeconds * 1000);
    await utimes(target, time, time);
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'backend-widget-build-'));
    await mkdir(path.join(root, 'widget'));
    await mkdir(path.join(root, 'dist'));
    const source = path.join(root, 'widget', 'index.ts');
    await writeFile(source, 'export {};');
    const sourceTime = new Date(Date.now() - 60_000);
    await utimes(source, sourceTime, sourceTime);
    logs = [];
    modes = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('builds both the script and the ES module when neither exists', async () => {
    const built = await ensureWidgetBuilt(root, logger(), { build });

    assert.deepEqual(built, [SCRIPT, MODULE]);
    assert.deepEqual(modes, ['production', 'esm']);
    assert.ok(logs.some((line) => /"event":"widget.build".*"reason":"missing"/.test(line)));
  });

  test('builds the ES module when only the script exists', async () => {
    await writeDist(SCRIPT, 0);

    const built = await ensureWidgetBuilt(root, logger(), { build });

    assert.deepEqual(built, [MODULE]);
    assert.deepEqual(modes, ['esm']);
  });

  test('rebuilds only a bundle older than the widget sources', async () => {
    await writeDist(SCRIPT, 0);
    await writeDist(MODULE, 120);

    const built = await ensureWidgetBuilt(root, logger(), { build });

    assert.deepEqual(built, [MODULE]);
    assert.ok(logs.some((line) => /"file":"imagekit-uploader.es.js","reason":"stale"/.test(line)));
  });

  test('builds nothing when both bundles are current', async () => {
    await writeDist(SCRIPT, 0);
    await writeDist(MODULE, 0);

    const built = await ensureWidgetBuilt(root, logger(), { build });

    assert.deepEqual(built, []);
    assert.deepEqual(modes, []);
  });

  test('logs a failed build and still builds the other bundle', async () => {
    const failing = async (mode: string) => {
      if (mode === 'production') throw new Error('syntax error in widget/index.ts');
      await build(mode);
    };

    const built = await ensureWidgetBuilt(root, logger(), { build: failing });

    assert.deepEqual(built, [MODULE]);
    assert.ok(
      logs.some((line) =>
        new RegExp(
          '"level":"error".*"event":"widget.build_failed".*' +
            '"file":"imagekit-uploader.js".*syntax error',
        ).test(line),
      ),
    );
  });
});
