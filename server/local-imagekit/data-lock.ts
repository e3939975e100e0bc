import { mkdir } from 'node:fs/promises';

import lockfile from 'proper-lockfile';

// A lock not refreshed for this long belongs to a process that died; it is then taken over.
const STALE_MS = 15_000;

/** Another process holds the stand-in's data folder. */
export class DataFolderLockedError extends Error {
  override name = 'DataFolderLockedError';
}

/**
 * Takes the lock on the stand-in's folder (`${dataDir}/local-imagekit`), so that a second process
 * cannot overwrite records.json and used-tokens.json behind the first one's back.
 *
 * @returns the function that releases the lock.
 * @throws {DataFolderLockedError} when another process holds it.
 */
export async function lockDataFolder(folder: string): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  try {
    return await lockfile.lock(folder, {
      stale: STALE_MS,
      retries: 0,
      // Losing the lock (say, the folder was deleted) must not crash a test run or a dev server.
      onCompromised: (error) => {
        console.error(
          JSON.stringify({ error: `local ImageKit lock lost: ${error.message}`, folder }),
        );
      },
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
    throw new DataFolderLockedError(
      `The local ImageKit folder ${folder} is in use by another local ImageKit (lock ${folder}.lock). ` +
        'Stop the other local ImageKit or server, or give this one its own DATA_DIR.',
      { cause: error },
    );
  }
}
