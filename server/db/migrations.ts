/**
 * Schema migrations: plain SQL, the same on PostgreSQL and PGlite, applied once each and
 * recorded in `schema_migrations`. Safe to run at every start and from several processes.
 *
 * @module
 */
import type { Database } from './types.ts';

interface Migration {
  version: number;
  name: string;
  /** One statement per entry: PGlite's parameterless query runs a single statement. */
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create imagekit_files',
    statements: [
      `CREATE TABLE IF NOT EXISTS imagekit_files (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        file_id text NOT NULL UNIQUE,
        file_url text NOT NULL,
        user_id text NOT NULL,
        upload_timestamp timestamptz NOT NULL DEFAULT now(),
        name text NOT NULL,
        file_path text NOT NULL,
        file_type text NOT NULL,
        mime text,
        size_bytes bigint NOT NULL,
        width integer,
        height integer,
        thumbnail_url text,
        tags text[] NOT NULL DEFAULT '{}'
      )`,
      `CREATE INDEX IF NOT EXISTS imagekit_files_user_uploaded_idx
        ON imagekit_files (user_id, upload_timestamp DESC, id DESC)`,
    ],
  },
];

// Serialises concurrent starts against one database; the number is arbitrary but fixed.
const MIGRATION_LOCK_KEY = 7_316_054_211;

/** Applies every migration not yet recorded; returns the versions applied now. */
export async function runMigrations(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);

    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];

    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;

      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }

    return applied;
  });
}
