/**
 * Builds the widget bundles before `npm start` serves them, when one is missing or older than
 * any widget source file, so a fresh checkout works with one command: the script
 * (`imagekit-uploader.js`) and the ES module (`imagekit-uploader.es.js`), as `npm run build`
 * writes them.
 *
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './log.ts';

/** Each bundle the demo serves, with the vite mode that writes it (see vite.config.ts). */
export const WIDGET_BUNDLES = [
  { file: 'imagekit-uploader.js', mode: 'production' },
  { file: 'imagekit-uploader.es.js', mode: 'esm' },
] as const;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const info = await stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

export interface WidgetBuildOptions {
  /** Runs one vite build; tests pass a stand-in. Default: vite's `build` with vite.config.ts. */
  build?: (mode: string) => Promise<void>;
}

/**
 * Builds every bundle that is missing or stale.
 *
 * @returns the files it built; a failed build is logged and the server runs on without it.
 */
export async function ensureWidgetBuilt(
  projectRoot: string,
  logger: Logger,
  options: WidgetBuildOptions = {},
): Promise<string[]> {
  const sources = await newestMtime(path.join(projectRoot, 'widget')).catch(() => 0);
  const build =
    options.build ??
    (async (mode: string) => {
      const vite = await import('vite');
      await vite.build({
        configFile: path.join(projectRoot, 'vite.config.ts'),
        root: projectRoot,
        mode,
        logLevel: 'warn',
      });
    });

  const built: string[] = [];
  for (const { file, mode } of WIDGET_BUNDLES) {
    const mtime = await stat(path.join(projectRoot, 'dist', file)).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    if (mtime > 0 && mtime >= sources) continue;

    logger.info('widget.build', { file, reason: mtime === 0 ? 'missing' : 'stale' });
    try {
      await build(mode);
      built.push(file);
    } catch (error) {
      logger.error('widget.build_failed', {
        file,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return built;
}
