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

/**
 * True for connection failures: refused or dropped sockets, timeouts, a closed PGlite, and the
 * Postgres error classes for connection exceptions and shutdowns. An error with any other
 * SQLSTATE came from a live server and is a real query error.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;

  const state = sqlState(error);
  if (state) return UNAVAILABLE_SQLSTATE.test(state);

  // Driver-side failures carry no SQLSTATE: socket errors (ECONNREFUSED, ECONNRESET),
  // "Connection terminated", connect timeouts, "PGlite is closed". The WebSocket layer rejects
  // with an ErrorEvent, which is not an Error instance.
  return true;
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
