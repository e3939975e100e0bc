/**
 * The product as the suite runs it: `startServer` in this process with a data folder of its own,
 * the local ImageKit on a free port, and the demo page with the built widget at `/`.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startServer } from '../../server/main.ts';
import type { RunningServer } from '../../server/main.ts';
import type { RunningLocalImageKit } from '../../server/local-imagekit/index.ts';

export interface TableRow {
  file_id: string;
  user_id: string;
  name: string;
}

export interface LocalServer {
  url: string;
  dataDir: string;
  imagekit: RunningLocalImageKit;
  close(): Promise<void>;
  /** Every row of the table, read straight from the embedded database once the server is closed. */
  closeAndReadTable(): Promise<TableRow[]>;
}

/** Starts the server in local mode; `env` adds to (or overrides) the defaults. */
export async function startLocalServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'iku-reliability-'));
  let running: RunningServer;
  try {
    running = await startServer({
      env: { PORT: '0', LOG_LEVEL: 'silent', ...env },
      dataDir,
      log: false,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  let closed = false;
  const close = async () => {
    if (!closed) await running.close();
    closed = true;
  };

  return {
    url: running.url,
    dataDir,
    imagekit: running.localImageKit!,
    close: async () => {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
    closeAndReadTable: async () => {
      await close();
      const db = new PGlite(path.join(dataDir, 'pglite'));
      try {
        const result = await db.query<TableRow>(
          'SELECT file_id, user_id, name FROM imagekit_files ORDER BY file_id',
        );
        return result.rows;
      } finally {
        await db.close();
      }
    },
  };
}

/** Names that occur more than once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

/** The name a file had before ImageKit's `useUniqueFileName` added its `_XXXXXXXXX` suffix. */
export function originalName(name: string): string {
  return name.replace(/_[A-Za-z0-9]{9}(\.[^.]+)$/, '$1');
}
