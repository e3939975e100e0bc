/**
 * Turns schema failures into 400s whose message names the field.
 *
 * @module
 */
import { ApiError } from './errors.ts';
import type { z } from 'zod';

/**
 * @param root names the value itself in a message about it as a whole, e.g. `body: must be a
 * JSON object`, as fields are named in theirs.
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  root?: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const message = result.error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : root;
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
  throw new ApiError(400, 'invalid_request', message);
}
