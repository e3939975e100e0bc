/**
 * A schema of its own for each bench run in the shared `test` database, so a run neither sees
 * nor disturbs the rows of tests running beside it. Administration goes through `psql`; the
 * servers under test reach the same database through the Neon driver and the relay.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export async function psql(sql: string): Promise<string> {
  const { stdout } = await run('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql]);
  return stdout.trim();
}

export interface BenchSchema {
  name: string;
  /** DATABASE_URL whose connections use this schema. */
  url: string;
  drop(): Promise<void>;
}

export async function createSchema(prefix: string): Promise<BenchSchema> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await psql(`CREATE SCHEMA ${name}`);
  return {
    name,
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${name}`)}`,
    drop: async () => {
      await psql(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}

/** The relay template for `NEON_WS_PROXY`. */
export const wsProxyTemplate = (relayPort: number) =>
  `127.0.0.1:${relayPort}/v1?address={host}:{port}`;
