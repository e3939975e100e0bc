/**
 * PostgreSQL through `@neondatabase/serverless`'s `Pool` over WebSocket (Neon in production, or
 * a local Postgres behind a relay in development and tests).
 *
 * @module
 */
import { Pool, neonConfig } from '@neondatabase/serverless';
import ws from 'ws';
import { translate } from './unavailable.ts';
import type { PoolClient } from '@neondatabase/serverless';
import type { Logger } from '../log.ts';
import type { Database, Queryable } from './types.ts';

export interface NeonOptions {
  connectionString: string;
  /**
   * A WebSocket relay for a plain Postgres, with `{host}` and `{port}` placeholders, e.g.
   * `127.0.0.1:8080/v1?address={host}:{port}`. Also switches to plain `ws://` and turns off
   * pipelined connect, which only Neon's own proxy supports.
   */
  wsProxy?: string | ((host: string, port: number | string) => string) | null;
  logger: Logger;
  /** Pool size (default 10). */
  max?: number;
}

// Node 20 has no global WebSocket; the driver needs a constructor.
neonConfig.webSocketConstructor = ws;

function applyProxy(wsProxy: NeonOptions['wsProxy']): void {
  if (!wsProxy) return;

  neonConfig.wsProxy =
    typeof wsProxy === 'function'
      ? wsProxy
      : (host, port) => wsProxy.replaceAll('{host}', host).replaceAll('{port}', String(port));
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
}

function run<Row>(client: Pool | PoolClient, sql: string, params?: unknown[]): Promise<Row[]> {
  return client.query(sql, params).then(
    (result) => result.rows as Row[],
    (error: unknown) => translate(error),
  );
}

/**
 * Opens a pool. Nothing connects until the first query; a dropped connection is reported to the
 * log and replaced on the next query, so the process survives database restarts.
 */
export function openNeonDatabase(options: NeonOptions): Database {
  applyProxy(options.wsProxy);

  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // Bounded waits: a request fails with 503 rather than hanging on a silent network.
    connectionTimeoutMillis: 5000,
    query_timeout: 30_000,
    idleTimeoutMillis: 30_000,
  });

  // Without these listeners an idle connection that drops emits an unhandled 'error' and
  // takes the whole process down.
  pool.on('error', (error: Error) => {
    options.logger.warn('db.pool_error', { message: error.message });
  });
  pool.on('connect', (client: PoolClient) => {
    client.on('error', (error: Error) => {
      options.logger.warn('db.client_error', { message: error.message });
    });
  });

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (work) => {
      const client = await pool.connect().catch((error: unknown) => translate(error));
      const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
      let broken: unknown;

      try {
        await tx.query('BEGIN');
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        await tx.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that could not roll back is not reused.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
