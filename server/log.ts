/**
 * Structured logs for operators: one JSON line per request and one per failure. Callers pass
 * only safe fields; nothing here ever receives headers, bodies, tokens or keys.
 *
 * @module
 */
import type { LogLevel } from './config.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

// Lines wait here for the end of the current turn of the event loop and go out in one write:
// under load a server answers many requests per turn, and a write per line (synchronous for
// files and pipes) was a measurable share of each request.
let pending = '';
let flushScheduled = false;

/** Writes every buffered log line to stdout now. */
export function flushLogs(): void {
  flushScheduled = false;
  if (pending === '') return;
  const chunk = pending;
  pending = '';
  process.stdout.write(chunk);
}

function writeToStdout(line: string): void {
  pending += `${line}\n`;
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushLogs);
}

// On the way out, including process.exit() and an uncaught exception, whatever is buffered is
// still written: stdout to a file or pipe is written synchronously there.
process.once('exit', flushLogs);

/**
 * @param level lines below this level are dropped.
 * @param write receives each finished line (default: stdout, buffered until the end of the
 * current event-loop turn, see {@link flushLogs}); tests pass a collector.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = writeToStdout,
): Logger {
  const emit = (lineLevel: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, event, ...fields }));
  };

  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** A logger that drops everything, for embedding and tests. */
export const silentLogger: Logger = createLogger('silent');
