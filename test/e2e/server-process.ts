/**
 * Runs the product the way a newcomer does, `npm start`, in a child process with its own data
 * folder and ports, and stops it again.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;

export interface StartedServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A port that is free right now on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts `npm start` and resolves with the URL it prints once the server listens. */
export async function startWithNpm(env: Record<string, string>): Promise<StartedServer> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Its own process group, so stopping it also stops the node process that npm started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`npm start printed no URL within ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    const look = () => {
      const match = /(http:\/\/(?:localhost|127\.0\.0\.1):\d+)\/?/.exec(output);
      if (match && /open|listening|running/i.test(output)) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });

  return { url, output: () => output, stop: () => stopGroup(child) };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops npm and everything it started. npm itself may exit before the server it runs has closed
 * its database, so this waits until the whole process group is gone: only then may a test reopen
 * or remove the data folder.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;

  process.kill(-pgid, 'SIGTERM');
  const killAt = Date.now() + STOP_TIMEOUT_MS;
  // A killed process that nobody reaps stays in the group as a zombie: stop looking after that.
  const giveUpAt = killAt + 2000;
  while (groupAlive(pgid) && Date.now() < giveUpAt) {
    if (Date.now() > killAt) process.kill(-pgid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
