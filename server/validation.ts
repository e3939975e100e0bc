/**
 * Turns schema failures into 400s whose message names the field.
 *
 * @module
 */
import { ApiError } from './errors.ts';
import type { z } from 'zod';

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const message = result.error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
  throw new ApiError(400, 'invalid_request', message);
}
