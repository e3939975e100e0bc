/**
 * Opens the configured database engine and brings its schema up to date.
 *
 * @module
 */
import path from 'node:path';
import { runMigrations } from './migrations.ts';
import { openNeonDatabase } from './neon.ts';
import { openPGliteDatabase } from './pglite.ts';
import type { Logger } from '../log.ts';
import type { NeonOptions } from './neon.ts';
import type { Database } from './types.ts';

export type { Database, Queryable } from './types.ts';
export { DatabaseLockedError } from './pglite.ts';

export interface OpenDatabaseOptions {
  /** Unset or null: PGlite in `${dataDir}/pglite`. */
  databaseUrl: string | null;
  dataDir: string;
  wsProxy?: NeonOptions['wsProxy'];
  /** Most PostgreSQL connections at once (default 10); PGlite has one. */
  poolSize?: number;
  logger: Logger;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? openNeonDatabase({
        connectionString: options.databaseUrl,
        wsProxy: options.wsProxy,
        max: options.poolSize,
        logger: options.logger,
      })
    : await openPGliteDatabase({
        dir: path.join(options.dataDir, 'pglite'),
        logger: options.logger,
      });

  try {
    const applied = await runMigrations(db);
    if (applied.length > 0)
      options.logger.info('db.migrated', { engine: db.engine, applied: applied.join(',') });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }

  return db;
}
