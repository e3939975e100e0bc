/**
 * Startup failures an operator can fix, each as one sentence that names the variable to change:
 * a port in use, an unreachable database. `npm start` prints the message and exits 1 instead of
 * a stack trace.
 *
 * @module
 */
import { redactUserInfo, connectionTarget } from './redact.ts';

/** The environment cannot run here as it is; the message says which variable to change. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const codeOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';

/** What to say when `listen` failed on `port` for the server configured by `variable`. */
export function listenError(
  error: unknown,
  what: string,
  variable: string,
  host: string,
  port: number,
): unknown {
  const code = codeOf(error);
  const where = `port ${port} on ${host}`;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `${variable}: ${where} is already in use, so the ${what} cannot listen. ` +
        `Stop the process that uses it, or set ${variable} to a free port (0 picks one).`,
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `${variable}: the ${what} may not listen on ${where} (ports below 1024 need privileges). ` +
        `Set ${variable} to a port above 1023.`,
      { cause: error },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartupError(
      `HOST: ${host} is not an address of this machine, so the ${what} cannot listen on it. ` +
        'Set HOST to 127.0.0.1, 0.0.0.0 or one of its addresses.',
      { cause: error },
    );
  }
  return error;
}

/** What to say when the PostgreSQL behind DATABASE_URL could not be opened. */
export function databaseError(error: unknown, databaseUrl: string): StartupError {
  const target = connectionTarget(databaseUrl) ?? 'the configured server';
  const reason =
    error instanceof Error
      ? redactUserInfo(error.message.replace(/^database unavailable: /, ''))
      : '';
  return new StartupError(
    `DATABASE_URL: could not open the database at ${target}${reason ? ` (${reason})` : ''}. ` +
      'Check that it is running and reachable, and that DATABASE_URL is right.',
    { cause: error },
  );
}
