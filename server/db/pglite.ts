/**
 * Embedded PostgreSQL (PGlite) persisted in the data folder, for running with no configuration.
 * A lock file keeps a second process away from the same folder: two PGlite instances on one
 * directory corrupt it.
 *
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { describeLock, FolderHeldError, lockFolder } from '../folder-lock.ts';
import { translate } from './unavailable.ts';
import type { Logger } from '../log.ts';
import type { Database, Queryable } from './types.ts';

export interface PGliteOptions {
  /** Folder of the database files; created when missing. */
  dir: string;
  logger: Logger;
}

/** Another process holds the database folder. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

async function acquireLock(dir: string, logger: Logger): Promise<() => Promise<void>> {
  try {
    return await lockFolder(dir, {
      onCompromised: (error) => {
        logger.error('db.lock_compromised', { dir, message: error.message });
      },
    });
  } catch (error) {
    if (!(error instanceof FolderHeldError)) throw error;
    throw new DatabaseLockedError(
      `The database folder ${dir} is in use by another process ` +
        `(${describeLock(error)}). ` +
        'Stop the other server, or give this one its own DATA_DIR.',
      { cause: error },
    );
  }
}

export async function openPGliteDatabase(options: PGliteOptions): Promise<Database> {
  const release = await acquireLock(options.dir, options.logger);

  let db: PGlite;
  try {
    db = await PGlite.create(options.dir);
  } catch (error) {
    await release();
    throw error;
  }

  const run = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    try {
      return (await target.query(sql, params)).rows as Row[];
    } catch (error) {
      return translate(error);
    }
  };
  let closed = false;

  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (work) =>
      db
        .transaction((pgTx) => work({ query: (sql, params) => run(pgTx, sql, params) }))
        .catch((error: unknown) => {
          if (db.closed) translate(error);
          throw error;
        }),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.close();
      await release();
    },
  };
}
