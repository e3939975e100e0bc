/**
 * Scenario 4: generated hostile requests against every endpoint. None may get a 5xx, every error
 * must be the JSON error shape, the process must keep answering, and no rejected request may
 * change the table.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { JWT_SECRET, startBackend } from '../helpers/engines-backend.ts';
import { ENGINES, stopRelay } from '../helpers/engines.ts';
import { answerClientErrorsAsJson } from '../../server/client-errors.ts';
import { ENDPOINTS, hostileRequest } from './bad-input-arbitraries.ts';
import { report, sized } from './scale.ts';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../helpers/engines-backend.ts';
import type { Credential, HostileRequest } from './bad-input-arbitraries.ts';

// Generated requests per endpoint, per backend (JWT and demo sign-in), per database engine.
const RUNS = sized(300, 200);
const ALLOWED_ORIGIN = 'http://allowed.example';
const SESSION_SECRET = 'reliability-session-secret-of-32-chars!';
const JWT_CREDENTIALS: Credential[] = [
  'none',
  'valid',
  'forged',
  'expired',
  'alg-none',
  'no-sub',
  'numeric-sub',
  'garbage',
];
const DEMO_CREDENTIALS: Credential[] = ['none', 'demo-valid', 'demo-forged', 'demo-garbage'];

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function credentialHeaders(
  demoCookie: string,
): Promise<Record<Credential, Record<string, string>>> {
  const now = Math.floor(Date.now() / 1000);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    none: {},
    valid: bearer(await sign({ sub: 'attacker', exp: now + 600 }, JWT_SECRET, 'HS256')),
    forged: bearer(await sign({ sub: 'seed-owner', exp: now + 600 }, 'x'.repeat(40), 'HS256')),
    expired: bearer(await sign({ sub: 'seed-owner', exp: now - 60 }, JWT_SECRET, 'HS256')),
    'alg-none': bearer(
      `${base64url({ alg: 'none', typ: 'JWT' })}.` +
        `${base64url({ sub: 'seed-owner', exp: now + 600 })}.`,
    ),
    'no-sub': bearer(await sign({ exp: now + 600 }, JWT_SECRET, 'HS256')),
    'numeric-sub': bearer(await sign({ sub: 42, exp: now + 600 }, JWT_SECRET, 'HS256')),
    garbage: { Authorization: 'Bearer not.a.jwt' },
    'demo-valid': { Cookie: demoCookie },
    'demo-forged': {
      Cookie:
        `ik_demo_user=${randomUUID()}.` +
        `${encodeURIComponent(randomBytes(32).toString('base64'))}`,
    },
    'demo-garbage': { Cookie: 'ik_demo_user=%%%; ik_demo_user=' + 'z'.repeat(4000) },
  };
}

function toInit(request: HostileRequest, credentials: Record<string, string>): RequestInit {
  const headers: Record<string, string> = { ...credentials };
  if (request.origin === 'allowed') headers.Origin = ALLOWED_ORIGIN;
  if (request.origin === 'disallowed') headers.Origin = 'http://evil.example';
  if (request.preflight) headers['Access-Control-Request-Method'] = 'POST';
  if (request.contentType) headers['Content-Type'] = request.contentType;

  const canHaveBody = !['GET', 'HEAD'].includes(request.method);
  return { method: request.method, headers, body: canHaveBody ? request.body : null };
}

async function tableSnapshot(backend: Backend): Promise<string> {
  const rows = await backend.database.db.query('SELECT * FROM imagekit_files ORDER BY id');
  return JSON.stringify(rows);
}

/** What was wrong with one answer, or null when it was fine. */
function problemWith(request: HostileRequest, status: number, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (status < 400 || request.method === 'HEAD') return null;
  try {
    const body = JSON.parse(text) as {
      success?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    const ok =
      body.success === false &&
      typeof body.error?.code === 'string' &&
      typeof body.error.message === 'string';
    return ok ? null : `status ${status} without the error shape`;
  } catch {
    return `status ${status} with a non-JSON body`;
  }
}

const brief = (request: HostileRequest, problem: string, text: string) =>
  `${problem}: ${request.method} ${request.path.slice(0, 80)} (${request.path.length} chars) ` +
  `credential=${request.credential} origin=${request.origin} ` +
  `body=${String(request.body?.length ?? 0)} chars ` +
  `-> ${JSON.stringify(text.slice(0, 120))}`;

/** Fires `runs` generated requests; returns counts by status and every bad answer. */
async function fire(
  origin: string,
  arbitrary: fc.Arbitrary<HostileRequest>,
  headers: Record<Credential, Record<string, string>>,
  runs: number,
): Promise<{ statuses: Record<number, number>; problems: string[] }> {
  const statuses: Record<number, number> = {};
  const problems: string[] = [];
  await fc.assert(
    fc.asyncProperty(arbitrary, async (request) => {
      let response: Response;
      let text: string;
      try {
        response = await fetch(
          `${origin}${request.path}`,
          toInit(request, headers[request.credential]),
        );
        text = await response.text();
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        problems.push(brief(request, `no answer (${String(cause)})`, ''));
        return;
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;

      const problem = problemWith(request, response.status, text);
      if (problem) problems.push(brief(request, problem, text));
    }),
    { numRuns: runs },
  );
  return { statuses, problems };
}

describe('bad input against every endpoint', () => {
  after(() => stopRelay());

  for (const engine of ENGINES) {
    it(
      `answers every generated request below 500 with JSON errors (${engine.name})`,
      {
        skip: engine.skip,
      },
      async (t) => {
        const jwtBackend = await startBackend(engine, {
          deps: { allowedOrigins: [ALLOWED_ORIGIN] },
        });
        t.after(() => jwtBackend.close());
        const demoBackend = await startBackend(engine, {
          deps: {
            allowedOrigins: [ALLOWED_ORIGIN],
            auth: { kind: 'demo', sessionSecret: SESSION_SECRET },
          },
        });
        t.after(() => demoBackend.close());

        // Files of another user, so forged saves and deletes have something real to aim at.
        const seeds = [];
        for (const fixture of ['rocket.jpg', 'coffee.png']) {
          const uploaded = await jwtBackend.upload('seed-owner', fixture);
          const saved = await jwtBackend.call('POST', '/save-metadata', {
            user: 'seed-owner',
            body: uploaded,
          });
          assert.equal(saved.status, 201, saved.text);
          seeds.push(uploaded);
        }
        const seedIds = seeds.map((seed) => seed.fileId);
        const seedUrls = seeds.map((seed) => seed.url);

        const jwtServer = await listen(jwtBackend);
        t.after(() => jwtServer.close());
        const demoServer = await listen(demoBackend);
        t.after(() => demoServer.close());
        const jwtOrigin = jwtServer.origin;
        const demoOrigin = demoServer.origin;
        const cookie = (await fetch(`${demoOrigin}/files`)).headers
          .get('set-cookie')!
          .split(';')[0]!;
        const headers = await credentialHeaders(cookie);
        const before = [await tableSnapshot(jwtBackend), await tableSnapshot(demoBackend)];

        const fired: Array<{ endpoint: string; sign: string; statuses: Record<number, number> }> =
          [];
        const problems: string[] = [];
        for (const endpoint of ENDPOINTS) {
          for (const [sign, origin, credentials, valid] of [
            ['jwt', jwtOrigin, JWT_CREDENTIALS, 'valid'],
            ['demo', demoOrigin, DEMO_CREDENTIALS, 'demo-valid'],
          ] as const) {
            const result = await fire(
              origin,
              hostileRequest(endpoint, seedIds, seedUrls, credentials, valid),
              headers,
              RUNS,
            );
            fired.push({ endpoint, sign, statuses: result.statuses });
            problems.push(...result.problems);
          }
        }

        const health = await Promise.all([
          fetch(`${jwtOrigin}/healthz`),
          fetch(`${demoOrigin}/healthz`),
        ]);
        const afterSnapshots = [await tableSnapshot(jwtBackend), await tableSnapshot(demoBackend)];

        t.diagnostic(
          report(`injected (${engine.name})`, {
            endpoints: ENDPOINTS.length,
            requestsPerEndpointAndSignIn: RUNS,
            requests: fired.length * RUNS,
            seededRows: seeds.length,
          }),
        );
        for (const { endpoint, sign, statuses } of fired) {
          t.diagnostic(report(`counted (${engine.name}) ${sign} ${endpoint}`, statuses));
        }
        t.diagnostic(report(`counted (${engine.name}) bad answers`, { count: problems.length }));
        assert.deepEqual(problems.slice(0, 8), [], 'every answer below 500, errors as JSON');
        assert.deepEqual(
          health.map((response) => response.status),
          [200, 200],
          'the process is alive',
        );
        assert.deepEqual(afterSnapshots, before, 'the table is unchanged');
      },
    );
  }
});

/** Serves the backend's app on a free port; requests go over real HTTP. */
async function listen(backend: Backend): Promise<{ origin: string; close(): Promise<void> }> {
  const server = serve({ fetch: backend.app.fetch, port: 0, hostname: '127.0.0.1' });
  // As server/main.ts does.
  answerClientErrorsAsJson(server);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
