/**
 * Errors the routes throw on purpose, each with the status and code the client sees.
 *
 * @module
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A failure with a client-facing status, a stable code and a message that names what was wrong. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The database cannot be reached right now; the client should retry later (503). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** ImageKit's file API failed or could not be reached (502). */
export class ImageKitUnavailableError extends Error {
  override name = 'ImageKitUnavailableError';
}

/** The request outlived the app's deadline, waiting on ImageKit or the database (504). */
export class RequestDeadlineError extends HTTPException {
  override name = 'RequestDeadlineError';

  constructor(seconds: number) {
    super(504, {
      message: `the backend could not finish this request within ${seconds} s; try again shortly`,
    });
  }
}
