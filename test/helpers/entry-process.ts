/**
 * An entry point (`npm start`'s, `npm run imagekit:local`'s) run as a child process, for tests of
 * what happens across processes: locks, crashes, restarts.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

// Resolved here: the child may run in a folder of its own, where "tsx" is unknown.
const TSX = import.meta.resolve('tsx');

export const SERVER_ENTRY = new URL('../../server/main.ts', import.meta.url).pathname;
export const LOCAL_IMAGEKIT_ENTRY = new URL('../../server/local-imagekit/main.ts', import.meta.url)
  .pathname;

export interface EntryProcess {
  pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Sends `signal` and waits until the process is gone (and reaped). */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export interface EntryOptions {
  env: Record<string, string>;
  cwd: string;
  /** What stdout prints once the entry is up. */
  ready: RegExp;
  timeoutMs?: number;
}

/**
 * Starts `entry` and resolves once its output matches `ready`, or once it exited (check
 * `exited`). Rejects after `timeoutMs` (default 60 s) with the output so far.
 */
export async function startEntry(entry: string, options: EntryOptions): Promise<EntryProcess> {
  const child = spawn(process.execPath, ['--import', TSX, entry], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(() => child.exitCode);
  let output = '';

  const up = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) resolve();
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start in time; output:\n${output}`));
    }, options.timeoutMs ?? 60_000);
  });
  try {
    await Promise.race([up, exited, timeout]);
  } finally {
    clearTimeout(timer);
  }

  return {
    pid: child.pid!,
    output: () => output,
    exited,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
