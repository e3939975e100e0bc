/**
 * How every failure is answered and logged: one JSON body shape, the right status, and one
 * `request.failed` line for operators. Causes and stacks go to the log, never to the client.
 *
 * @module
 */
import { HTTPException } from 'hono/http-exception';
import { isDataException } from './db/sql-state.ts';
import { isClientStreamError } from './request-info.ts';
import {
  ApiError,
  DatabaseUnavailableError,
  ImageKitUnavailableError,
  RequestDeadlineError,
} from './errors.ts';
import type { Context, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';
import type { Logger } from './log.ts';

const RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
};

export interface Failure {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  headers: Record<string, string>;
}

// Nobody reads this answer; the log line tells it from a failure of ours.
const CLIENT_STREAM_FAILURE: Failure = {
  status: 400,
  code: 'request_aborted',
  message: 'the request body broke off before it was complete',
  headers: {},
};

function describe(error: unknown): Failure {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      headers: error.headers,
    };
  }

  if (error instanceof RequestDeadlineError) {
    return {
      status: 504,
      code: 'upstream_timeout',
      message: error.message,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    };
  }

  if (error instanceof HTTPException) {
    // Keep the challenge header of Hono's JWT middleware; drop its plain-text body.
    const challenge = error.res?.headers.get('WWW-Authenticate');
    const status = error.status as ContentfulStatusCode;
    return {
      status,
      code: CODE_BY_STATUS[status] ?? 'http_error',
      message:
        status === 401 ? 'missing or invalid credentials' : error.message || 'request failed',
      headers: challenge ? { 'WWW-Authenticate': challenge } : {},
    };
  }

  if (error instanceof DatabaseUnavailableError) {
    return {
      status: 503,
      code: 'database_unavailable',
      message: 'the database is not reachable; try again shortly',
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    };
  }

  if (error instanceof ImageKitUnavailableError) {
    return { status: 502, code: 'imagekit_unavailable', message: error.message, headers: {} };
  }

  // The routes validate what they pass to SQL; should a value still slip through (out of range,
  // a NUL character), the database refused the request's data, not failed.
  if (isDataException(error)) {
    return {
      status: 400,
      code: 'invalid_request',
      message: 'the request holds a value the database cannot store',
      headers: {},
    };
  }

  return { status: 500, code: 'internal_error', message: 'internal server error', headers: {} };
}

/** Sends `failure` as the JSON error body. */
export function failureResponse(c: Context<AppEnv>, failure: Failure): Response {
  for (const [name, value] of Object.entries(failure.headers)) c.header(name, value);
  return c.json(
    { success: false, error: { code: failure.code, message: failure.message } },
    failure.status,
  );
}

/** The error an operator needs to see: the wrapped driver error rather than our wrapper. */
function rootCause(error: unknown): unknown {
  return error instanceof Error && error.cause instanceof Error ? error.cause : error;
}

const summary = (cause: unknown) =>
  cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);

/** Logs one `request.failed` line: warn for the client's mistakes, error for ours. */
export function logFailure(
  logger: Logger,
  c: Context<AppEnv>,
  failure: Failure,
  error?: unknown,
): void {
  // Path only: query strings and headers may carry credentials.
  const fields = {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: failure.status,
    code: failure.code,
    message: failure.message,
    userId: c.get('userId'),
  };

  if (failure.status >= 500) {
    const cause = rootCause(error);
    logger.error('request.failed', {
      ...fields,
      error: summary(cause),
      stack: failure.status === 500 && cause instanceof Error ? cause.stack : undefined,
    });
  } else if (
    error !== undefined &&
    !(error instanceof ApiError || error instanceof HTTPException)
  ) {
    // A 4xx from a driver error (a data exception): what the database said helps the operator.
    logger.warn('request.failed', { ...fields, error: summary(rootCause(error)) });
  } else {
    logger.warn('request.failed', fields);
  }
}

/** The app's `onError`. */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const failure = isClientStreamError(c, error) ? CLIENT_STREAM_FAILURE : describe(error);
    logFailure(logger, c, failure, error);
    return failureResponse(c, failure);
  };
}
