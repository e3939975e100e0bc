/**
 * Tells "the database is not reachable" apart from "the statement was wrong", so the first
 * becomes a 503 the client may retry and the second a 500 an operator must look at.
 *
 * @module
 */
import { DatabaseUnavailableError } from '../errors.ts';
import { sqlState } from './sql-state.ts';

/** SQLSTATE classes and codes that mean the server or the connection is gone, not the query. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300|53400)$/;

/** Node's names for a socket that could not connect, was cut or went silent. */
const NETWORK_CODE = new RegExp(
  '^(ECONN(REFUSED|RESET|ABORTED)|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|' +
    'EHOSTUNREACH|ENETUNREACH|ENETDOWN)$',
);

/** What the Neon driver (node-postgres inside) and PGlite say when the connection is gone. */
const NETWORK_MESSAGE = new RegExp(
  [
    '^Connection terminated',
    '^timeout exceeded when trying to connect',
    '^Query read timeout',
    '^Client has encountered a connection error',
    '^Client was closed and is not queryable',
    '^Cannot use a pool after calling end',
    '^PGlite is clos(ed|ing)',
  ].join('|'),
);

function isNetworkFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };

  if (typeof code === 'string' && NETWORK_CODE.test(code)) return true;
  if (typeof message === 'string' && NETWORK_MESSAGE.test(message)) return true;

  // The WebSocket layer rejects with an ErrorEvent, not an Error: it only ever reports the
  // socket, whatever the inner error says.
  if (error.constructor?.name === 'ErrorEvent') return true;

  // A connect to several addresses fails with an AggregateError of socket errors.
  if (error instanceof AggregateError && error.errors.some((e) => isNetworkFailure(e, depth + 1))) {
    return true;
  }
  return isNetworkFailure(cause, depth + 1);
}

/**
 * True for connection failures: refused, dropped or silent sockets, a closed PGlite, and the
 * Postgres error classes for connection exceptions and shutdowns. An error with any other
 * SQLSTATE came from a live server and is a real query error; a driver error that is none of
 * these is a bug to look at (500), not an outage to wait out (503).
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;

  // First: "EPIPE" has the shape of a SQLSTATE too.
  if (isNetworkFailure(error)) return true;

  const state = sqlState(error);
  return state !== undefined && UNAVAILABLE_SQLSTATE.test(state);
}

/** Rethrows connection failures as DatabaseUnavailableError, anything else unchanged. */
export function translate(error: unknown): never {
  if (error instanceof DatabaseUnavailableError) throw error;
  if (isUnavailable(error)) {
    const message =
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
    throw new DatabaseUnavailableError(`database unavailable: ${message}`, { cause: error });
  }
  throw error;
}
