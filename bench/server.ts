/**
 * Benchmark 3: the backend under autocannon on loopback, beside the minimal guide-style server
 * (bench/baseline-server.ts), both on the same PostgreSQL through the same relay. Sides run
 * alternately, several rounds each, and the table reports medians.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { baselineTableSql } from './baseline-server.ts';
import { startChild } from './lib/children.ts';
import { signJwt } from './lib/jwt.ts';
import { createSchema, psql, wsProxyTemplate } from './lib/postgres.ts';
import { alternate, median, ms, perSecond, ratio, verdict } from './lib/stats.ts';
import { uploadPool } from './lib/upload-pool.ts';
import type { Result } from 'autocannon';
import type { ServicesInfo } from './services-process.ts';
import type { Child } from './lib/children.ts';
import type { UploadedFile } from './lib/upload-pool.ts';
import type { Benchmark, BenchResult, Row } from './lib/types.ts';

const HERE = import.meta.dirname;
const CONNECTIONS = 50;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 2;
const USERS = 100_000;
const SAVE_POOL = 6000;

interface Side {
  url: string;
  /** Builds the request for the n-th request of a run. */
  setup(n: number): {
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
  };
}

interface RoundFigures {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  status: Record<string, number>;
  errors: number;
  timeouts: number;
}

function figures(result: Result): RoundFigures {
  const status: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) status[code] = count;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    status,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function load(side: Side, seconds: number): Promise<RoundFigures> {
  let n = 0;
  const result = await autocannon({
    url: side.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...side.setup(n++) }) }],
  });
  return figures(result);
}

interface Comparison {
  ours: RoundFigures[];
  baseline: RoundFigures[];
}

async function compare(
  ours: Side,
  baseline: Side,
  beforeRound: () => Promise<void> = async () => undefined,
  afterOurs: (figures: RoundFigures) => Promise<void> = async () => undefined,
): Promise<Comparison> {
  await beforeRound();
  await load(ours, WARMUP_SECONDS);
  await load(baseline, WARMUP_SECONDS);

  const { a, b } = await alternate(
    ROUNDS,
    async () => {
      await beforeRound();
      const result = await load(ours, ROUND_SECONDS);
      await afterOurs(result);
      return result;
    },
    async () => {
      await beforeRound();
      return load(baseline, ROUND_SECONDS);
    },
  );
  return { ours: a, baseline: b };
}

const medianOf = (rounds: RoundFigures[], key: 'rps' | 'p50' | 'p99') =>
  median(rounds.map((round) => round[key]));

function non2xx(rounds: RoundFigures[]): number {
  return rounds.reduce(
    (total, round) =>
      total +
      round.errors +
      Object.entries(round.status)
        .filter(([code]) => !code.startsWith('2'))
        .reduce((count, [, value]) => count + value, 0),
    0,
  );
}

async function measure(): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'iku-bench-server-'));
  const schema = await createSchema('bench_server');
  const children: Array<Child<unknown>> = [];

  try {
    await psql(baselineTableSql(schema.name));

    const services = await startChild<ServicesInfo>(path.join(HERE, 'services-process.ts'), {
      BENCH_DATA_DIR: dataDir,
    });
    children.push(services);
    const { imagekit, relayPort } = services.info;

    const jwtSecret = randomBytes(32).toString('hex');
    const shared = {
      DATABASE_URL: schema.url,
      NEON_WS_PROXY: wsProxyTemplate(relayPort),
      IMAGEKIT_PUBLIC_KEY: imagekit.publicKey,
      IMAGEKIT_PRIVATE_KEY: imagekit.privateKey,
    };
    const backend = await startChild<{ url: string }>(path.join(HERE, 'backend-process.ts'), {
      ...shared,
      IMAGEKIT_URL_ENDPOINT: imagekit.urlEndpoint,
      IMAGEKIT_UPLOAD_URL: imagekit.uploadUrl,
      IMAGEKIT_API_BASE_URL: imagekit.apiBaseUrl,
      AUTH_JWT_SECRET: jwtSecret,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      SERVE_DEMO: 'false',
      LOG_LEVEL: 'info',
    });
    children.push(backend);
    const baseline = await startChild<{ url: string }>(
      path.join(HERE, 'baseline-server.ts'),
      shared,
    );
    children.push(baseline);

    // Many signed-in users, each well under the default per-user signing limit.
    const bearer = Array.from(
      { length: USERS },
      (_, i) => `Bearer ${signJwt(jwtSecret, `user-${i}`)}`,
    );
    const authHeaders = (n: number) => ({ authorization: bearer[n % USERS]! });

    process.stdout.write(
      `   uploading ${SAVE_POOL} files to the local ImageKit for real saves...\n`,
    );
    const pool: UploadedFile[] = await uploadPool(imagekit, SAVE_POOL);

    process.stdout.write('   GET /generate-auth-params\n');
    const single = await compare(
      {
        url: backend.info.url,
        setup: (n) => ({ method: 'GET', path: '/generate-auth-params', headers: authHeaders(n) }),
      },
      {
        url: baseline.info.url,
        setup: (n) => ({ method: 'GET', path: '/generate-auth-params', headers: authHeaders(n) }),
      },
    );

    process.stdout.write('   GET /generate-auth-params?count=10\n');
    const batch = await compare(
      {
        url: backend.info.url,
        setup: (n) => ({
          method: 'GET',
          path: '/generate-auth-params?count=10',
          headers: authHeaders(n),
        }),
      },
      {
        url: baseline.info.url,
        setup: (n) => ({ method: 'GET', path: '/generate-auth-params', headers: authHeaders(n) }),
      },
    );

    process.stdout.write('   POST /save-metadata\n');
    const saveChecks: Array<{ created: number; rows: number; wrapped: boolean }> = [];
    const saves = await compare(
      {
        url: backend.info.url,
        setup: (n) => {
          // The same file always goes with the same user, so a repeat would be that user's 200.
          const index = n % SAVE_POOL;
          return {
            method: 'POST',
            path: '/save-metadata',
            headers: { ...authHeaders(index), 'content-type': 'application/json' },
            body: pool[index]!.body,
          };
        },
      },
      {
        url: baseline.info.url,
        setup: (n) => {
          // The guide's insert takes any fileId; make each one new so none collides.
          const file = pool[n % SAVE_POOL]!;
          const body = file.body.replace(file.fileId, `${file.fileId}-${n}`);
          return {
            method: 'POST',
            path: '/save-metadata',
            headers: { ...authHeaders(n), 'content-type': 'application/json' },
            body,
          };
        },
      },
      async () => {
        await psql(`TRUNCATE ${schema.name}.imagekit_files, ${schema.name}.baseline_files`);
      },
      async (result) => {
        const rows = Number(await psql(`SELECT count(*) FROM ${schema.name}.imagekit_files`));
        saveChecks.push({
          created: result.status['201'] ?? 0,
          rows,
          wrapped: result.total > SAVE_POOL,
        });
      },
    );

    const ours = {
      single: medianOf(single.ours, 'rps'),
      batchFiles: medianOf(batch.ours, 'rps') * 10,
      saves: medianOf(saves.ours, 'rps'),
    };
    const base = {
      single: medianOf(single.baseline, 'rps'),
      batchFiles: medianOf(batch.baseline, 'rps'),
      saves: medianOf(saves.baseline, 'rps'),
    };
    const savesP99 = medianOf(saves.ours, 'p99');

    const p50p99 = (rounds: RoundFigures[]) =>
      `${ms(medianOf(rounds, 'p50'))} / ${ms(medianOf(rounds, 'p99'))}`;
    const latencyRow = (c: Comparison): Row => ({
      metric: '  latency ours vs minimal',
      ours:
        `p50 ${ms(medianOf(c.ours, 'p50'))} / p99 ${ms(medianOf(c.ours, 'p99'))} ` +
        `vs ${p50p99(c.baseline)}`,
      reference: '',
      ratio: '',
      goal: '',
      verdict: '',
    });

    const rows: Row[] = [
      {
        metric: 'GET /generate-auth-params, requests/s (JWT checked) vs minimal (no check)',
        ours: perSecond(ours.single),
        reference: perSecond(base.single),
        ratio: ratio(ours.single / base.single),
        goal: '>= 0.90x',
        verdict: verdict(ours.single / base.single >= 0.9),
      },
      latencyRow(single),
      {
        metric: 'signatures/s: ?count=10 vs minimal one per request',
        ours: perSecond(ours.batchFiles),
        reference: perSecond(base.batchFiles),
        ratio: ratio(ours.batchFiles / base.batchFiles),
        goal: '>= 5x',
        verdict: verdict(ours.batchFiles / base.batchFiles >= 5),
      },
      latencyRow(batch),
      {
        metric: 'POST /save-metadata/s: verified vs unverified insert',
        ours: perSecond(ours.saves),
        reference: perSecond(base.saves),
        ratio: ratio(ours.saves / base.saves),
        goal: '>= 0.50x',
        verdict: verdict(ours.saves / base.saves >= 0.5),
      },
      {
        metric: `  verified save p99 at ${CONNECTIONS} connections`,
        ours: ms(savesP99),
        reference: `p50 ${ms(medianOf(saves.ours, 'p50'))}; minimal ${p50p99(saves.baseline)}`,
        ratio: '',
        goal: '< 50 ms',
        verdict: verdict(savesP99 < 50),
      },
    ];

    const notes = [
      `${CONNECTIONS} connections, ${ROUNDS} rounds of ${ROUND_SECONDS} s per side after a ` +
        `${WARMUP_SECONDS} s warm-up, alternating; medians.`,
      `backend: startServer with JWT auth (HS256, ${USERS} users rotated), LOG_LEVEL=info to ` +
        `/dev/null, Neon Pool max 10; minimal: bench/baseline-server.ts, same Pool and relay.`,
    ];
    const failures = non2xx([
      ...single.ours,
      ...batch.ours,
      ...saves.ours,
      ...single.baseline,
      ...batch.baseline,
      ...saves.baseline,
    ]);
    if (failures > 0)
      notes.push(
        `${failures} requests answered non-2xx or failed (see details); they count in requests/s.`,
      );
    const badSaves = saveChecks.filter(
      (check) =>
        check.rows < check.created || check.rows > check.created + CONNECTIONS || check.wrapped,
    );
    if (badSaves.length > 0)
      notes.push(
        `save rounds where 201s and rows differ or the file pool wrapped: ` +
          `${JSON.stringify(badSaves)}`,
      );

    return {
      rows,
      details: {
        connections: CONNECTIONS,
        roundSeconds: ROUND_SECONDS,
        users: USERS,
        single,
        batch,
        saves,
        saveChecks,
      },
      notes,
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
    await schema.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const server: Benchmark = {
  name: 'server',
  title: 'Backend throughput vs the minimal guide server',
  run: measure,
};
