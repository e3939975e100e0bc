/**
 * Runs one server suite on both database engines: real PostgreSQL 15 on 127.0.0.1:5432 through
 * the Neon driver and a local WebSocket relay, and PGlite in a temporary folder. Each opened
 * database is fresh (its own schema or folder), so suites can run side by side.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/index.ts';
import { openNeonDatabase } from '../../server/db/neon.ts';
import { silentLogger } from '../../server/log.ts';
import { startWsRelay } from './ws-relay.ts';
import type { Database } from '../../server/db/index.ts';
import type { RunningRelay } from './ws-relay.ts';

export const PG_HOST = '127.0.0.1';
export const PG_PORT = 5432;
export const PG_UNREACHABLE = `PostgreSQL on ${PG_HOST}:${PG_PORT} is not reachable`;
/**
 * A suite's `timeout`: a database or socket that stops answering fails the suite instead of
 * hanging the run (package.json gives `node --test` no --test-timeout).
 */
export const SUITE_TIMEOUT_MS = 120_000;
const PG_BASE_URL = `postgresql://postgres@${PG_HOST}:${PG_PORT}/test`;

export interface OpenedDatabase {
  db: Database;
  /** For startServer: DATABASE_URL and NEON_WS_PROXY, or DATA_DIR for PGlite. */
  env: Record<string, string>;
  /** Makes the database unreachable, as a network failure or a crash would. */
  cut(): Promise<void>;
  /** Brings it back; undefined where the engine cannot come back in the same process. */
  restore?: () => Promise<void>;
  dispose(): Promise<void>;
}

export interface Engine {
  name: 'postgres' | 'pglite';
  /** A reason to skip, or undefined when the engine can run here. */
  skip: string | undefined;
  /** A fresh, migrated database. */
  open(): Promise<OpenedDatabase>;
}

async function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

// One relay per test process: neonConfig.wsProxy is global to the driver.
let relay: RunningRelay | null = null;
let relayPort = 0;

async function currentRelay(): Promise<RunningRelay> {
  relay ??= await startWsRelay(relayPort);
  relayPort = relay.port;
  return relay;
}

const wsProxy = (host: string, port: number | string) =>
  `127.0.0.1:${relayPort}/v1?address=${host}:${port}`;

async function openPostgres(): Promise<OpenedDatabase> {
  await currentRelay();

  // A schema per database keeps parallel runs and earlier runs out of each other's rows.
  const schema = `backend_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = openNeonDatabase({ connectionString: PG_BASE_URL, wsProxy, logger: silentLogger });
  await admin.query(`CREATE SCHEMA ${schema}`);

  const url = `${PG_BASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = await openDatabase({
    databaseUrl: url,
    dataDir: os.tmpdir(),
    wsProxy,
    logger: silentLogger,
  });

  return {
    db,
    env: {
      DATABASE_URL: url,
      NEON_WS_PROXY: `127.0.0.1:${relayPort}/v1?address={host}:{port}`,
    },
    cut: async () => {
      await relay?.close();
      relay = null;
    },
    restore: async () => {
      await currentRelay();
    },
    dispose: async () => {
      await db.close().catch(() => undefined);
      await currentRelay();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      await admin.close();
    },
  };
}

async function openPGlite(): Promise<OpenedDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'backend-pglite-'));
  const db = await openDatabase({ databaseUrl: null, dataDir, logger: silentLogger });

  return {
    db,
    env: { DATA_DIR: dataDir },
    // PGlite runs inside this process: the only way to lose it is to close it.
    cut: () => db.close(),
    restore: undefined,
    dispose: async () => {
      await db.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Closes the shared relay; call once in an `after` hook of a file that used Postgres. */
export async function stopRelay(): Promise<void> {
  await relay?.close();
  relay = null;
}

const postgresReachable = await reachable(PG_HOST, PG_PORT);

export const ENGINES: readonly Engine[] = [
  {
    name: 'postgres',
    skip: postgresReachable ? undefined : PG_UNREACHABLE,
    open: openPostgres,
  },
  { name: 'pglite', skip: undefined, open: openPGlite },
];
