// Browser tests of <imagekit-uploader> in Debian's Chromium, against the real backend and the
// local ImageKit stand-in, both started here (no faked network). Tests reach the servers'
// addresses and fault switches through `executeServerCommand`.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { register } from 'tsx/esm/api';
import { sign } from 'hono/jwt';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './test/helpers/chromium-path.mjs';

// The server is TypeScript; tsx lets this config import it directly.
register();

const JWT_SECRET = randomBytes(32).toString('hex');

/**
 * A pass-through proxy in front of the backend that can fail or hold back the next requests, so
 * a test can break the auth or save step while the upload itself stays real. A held request whose
 * client gave up meanwhile is dropped (counted as abandoned), as a server that sees the
 * connection close before the request arrives would never act on it.
 */
function startSaveFaultProxy(backendUrl) {
  const state = {
    failSaves: 0,
    savesFailed: 0,
    savesForwarded: 0,
    savesAbandoned: 0,
    saveDelayMs: 0,
    failAuth: 0,
    authFailStatus: 503,
    authRetryAfter: '1',
    authFailed: 0,
    authDelayMs: 0,
    authAbandoned: 0,
  };

  const refuse = (req, res, status, retryAfter) => {
    req.resume();
    res.writeHead(status, {
      'content-type': 'application/json',
      'retry-after': retryAfter,
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-expose-headers': 'Retry-After',
      vary: 'Origin',
    });
    res.end(
      JSON.stringify({ success: false, error: { code: 'unavailable', message: 'test proxy' } }),
    );
  };

  const server = http.createServer((req, res) => {
    const isSave = req.method === 'POST' && req.url?.endsWith('/save-metadata');
    const isAuth = req.method === 'GET' && req.url?.includes('/generate-auth-params');
    if (isSave && state.failSaves > 0) {
      state.failSaves -= 1;
      state.savesFailed += 1;
      refuse(req, res, 503, '1');
      return;
    }
    if (isAuth && state.failAuth > 0) {
      state.failAuth -= 1;
      state.authFailed += 1;
      refuse(req, res, state.authFailStatus, state.authRetryAfter);
      return;
    }

    let forwarded = false;
    let closed = false;
    res.on('close', () => {
      if (forwarded) return;
      closed = true;
      if (isSave) state.savesAbandoned += 1;
      if (isAuth) state.authAbandoned += 1;
    });
    const target = new URL(req.url ?? '/', backendUrl);
    const forward = () => {
      if (closed) return;
      forwarded = true;
      if (isSave) state.savesForwarded += 1;
      const upstream = http.request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    };
    // A slow request (still a real one) lets a test see what runs while it is in flight.
    const delay = isSave ? state.saveDelayMs : isAuth ? state.authDelayMs : 0;
    if (delay > 0) setTimeout(forward, delay);
    else forward();
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        state,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function backendPlugin() {
  let running;
  let proxy;
  let dataDir;

  return {
    name: 'iku-backend',

    async serverStart({ config }) {
      const { startServer } = await import('./server/main.ts');
      dataDir = await mkdtemp(join(tmpdir(), 'iku-widget-test-'));
      running = await startServer({
        port: 0,
        dataDir,
        log: false,
        env: {
          HOST: '127.0.0.1',
          AUTH_JWT_SECRET: JWT_SECRET,
          ALLOWED_ORIGINS: `http://localhost:${config.port},http://127.0.0.1:${config.port}`,
          AUTH_PARAMS_RATE_LIMIT: '100000',
          SERVE_DEMO: 'false',
          LOG_LEVEL: 'silent',
        },
      });
      const backendUrl = running.url.replace('//localhost:', '//127.0.0.1:');
      proxy = await startSaveFaultProxy(backendUrl);
      running.backendUrl = backendUrl;
    },

    async serverStop() {
      await proxy?.close();
      await running?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },

    async executeCommand({ command, payload, session }) {
      const ik = running?.localImageKit;
      switch (command) {
        case 'backend-info':
          return {
            endpoint: running.backendUrl,
            proxyEndpoint: proxy.url,
            uploadUrl: ik?.uploadUrl,
          };
        case 'mint-token': {
          const now = Math.floor(Date.now() / 1000);
          const sub = payload?.sub ?? `widget-test-${randomUUID()}`;
          return {
            token: await sign({ sub, iat: now, exp: now + 3600 }, JWT_SECRET, 'HS256'),
            sub,
          };
        }
        case 'set-upload-faults':
          ik.setFaults(payload ?? {});
          return true;
        case 'fail-next-saves':
          proxy.state.failSaves = payload?.count ?? 1;
          return true;
        case 'delay-saves':
          proxy.state.saveDelayMs = payload?.ms ?? 0;
          return true;
        case 'fail-next-auth':
          proxy.state.failAuth = payload?.count ?? 1;
          proxy.state.authFailStatus = payload?.status ?? 503;
          proxy.state.authRetryAfter = String(payload?.retryAfter ?? 1);
          return true;
        case 'delay-auth':
          proxy.state.authDelayMs = payload?.ms ?? 0;
          return true;
        case 'ax-buttons': {
          // Names and descriptions of the page's buttons as Chromium's accessibility tree has them.
          const cdp = await session.browser.getPage(session.id).createCDPSession();
          try {
            const { nodes } = await cdp.send('Accessibility.getFullAXTree');
            return nodes
              .filter((node) => node.role?.value === 'button' && !node.ignored)
              .map((node) => ({
                name: node.name?.value ?? '',
                description: node.description?.value ?? '',
              }));
          } finally {
            await cdp.detach();
          }
        }
        case 'stats':
          return { ...ik.stats(), ...proxy.state };
        case 'dom-nodes': {
          // Live DOM nodes of the test page after garbage collection, as Chromium counts them.
          const cdp = await session.browser.getPage(session.id).createCDPSession();
          try {
            await cdp.send('HeapProfiler.collectGarbage');
            await cdp.send('HeapProfiler.collectGarbage');
            await cdp.send('Performance.enable');
            const { metrics } = await cdp.send('Performance.getMetrics');
            return metrics.find((metric) => metric.name === 'Nodes')?.value;
          } finally {
            await cdp.detach();
          }
        }
        default:
          return undefined;
      }
    },
  };
}

/**
 * Requests under this path of the test page's own server get no answer at all (the connection is
 * closed), as from a backend on the page's origin that is down.
 */
const UNREACHABLE_PATH = '/unreachable-backend/';

export default {
  files: ['test/widget/**/*.test.ts'],
  middleware: [
    (context, next) => {
      if (!context.path.startsWith(UNREACHABLE_PATH)) return next();
      context.req.socket.destroy();
      // Koa must write nothing; a status keeps the runner from reporting the path as missing.
      context.status = 204;
      context.respond = false;
    },
  ],
  // Production Lit: the dev build logs a banner into every passing run.
  nodeResolve: { exportConditions: ['production'] },
  // Fault switches and upload counts are shared by the whole backend; one test file at a time.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    backendPlugin(),
  ],
};
