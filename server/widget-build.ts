/**
 * Builds the widget bundle before `npm start` serves it, when it is missing or older than any
 * widget source file, so a fresh checkout works with one command.
 *
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './log.ts';

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

/** True when it built; a failed build is logged and the server runs on without the widget. */
export async function ensureWidgetBuilt(projectRoot: string, logger: Logger): Promise<boolean> {
  const bundle = path.join(projectRoot, 'dist', 'imagekit-uploader.js');
  const built = await stat(bundle).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  const sources = await newestMtime(path.join(projectRoot, 'widget')).catch(() => 0);
  if (built > 0 && built >= sources) return false;

  logger.info('widget.build', { reason: built === 0 ? 'missing' : 'stale' });
  try {
    const { build } = await import('vite');
    await build({
      configFile: path.join(projectRoot, 'vite.config.ts'),
      root: projectRoot,
      logLevel: 'warn',
    });
    return true;
  } catch (error) {
    logger.error('widget.build_failed', {
      message: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
