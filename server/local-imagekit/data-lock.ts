import { describeLock, FolderHeldError, lockFolder } from '../folder-lock.ts';

/** Another process holds the stand-in's data folder. */
export class DataFolderLockedError extends Error {
  override name = 'DataFolderLockedError';
}

/**
 * Takes the lock on the stand-in's folder (`${dataDir}/local-imagekit`), so that a second process
 * cannot overwrite records.json and used-tokens.json behind the first one's back. A holder that
 * died (say, `kill -9`) is taken over at once.
 *
 * @returns the function that releases the lock.
 * @throws {DataFolderLockedError} when a live process holds it.
 */
export async function lockDataFolder(folder: string): Promise<() => Promise<void>> {
  try {
    return await lockFolder(folder, {
      // Losing the lock (say, the folder was deleted) must not crash a test run or a dev server.
      onCompromised: (error) => {
        console.error(
          JSON.stringify({ error: `local ImageKit lock lost: ${error.message}`, folder }),
        );
      },
    });
  } catch (error) {
    if (!(error instanceof FolderHeldError)) throw error;
    throw new DataFolderLockedError(
      `The local ImageKit folder ${folder} is in use by another local ImageKit ` +
        `(${describeLock(error)}). ` +
        'Stop the other local ImageKit or server, or give this one its own DATA_DIR.',
      { cause: error },
    );
  }
}
