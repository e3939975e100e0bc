/**
 * Starts a bench helper process (`node --import tsx <script>`) and waits for the one message it
 * sends over IPC once it listens. Its stdout goes nowhere, so a server that logs each request
 * pays for its logs without the bench reading them; stderr is kept for error reports.
 *
 * @module
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const READY_TIMEOUT_MS = 60_000;

export interface Child<Info> {
  info: Info;
  pid: number;
  stop(): Promise<void>;
}

export async function startChild<Info>(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<Child<Info>> {
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} sent nothing within ${READY_TIMEOUT_MS} ms:\n${stderr}`)),
      READY_TIMEOUT_MS,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as Info);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`));
    });
  });

  return {
    info,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** For the helper side: report readiness, and stop cleanly on SIGTERM. */
export function reportReady(info: unknown, close: () => Promise<void>): void {
  process.send?.(info);
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
