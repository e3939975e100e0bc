/**
 * Misuse checks for the element's configuration, reported in the element and, once, in the
 * console.
 * @module
 */

import type { Text } from './strings.ts';

export type EndpointProblem = 'missing' | 'invalid';

/** What is wrong with an `endpoint` value, or null when it is a usable http(s) URL. */
export function endpointProblem(endpoint: string | null | undefined): EndpointProblem | null {
  if (!endpoint || !endpoint.trim()) return 'missing';

  try {
    const url = new URL(endpoint, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The message the element shows for an unusable endpoint, or null. */
export function configMessage(endpoint: string, text: Text): string | null {
  const problem = endpointProblem(endpoint);
  if (!problem) return null;
  return problem === 'missing' ? text('endpointMissing') : text('endpointInvalid', { endpoint });
}

const warned = new WeakMap<object, Set<string>>();

/** Logs a configuration error the first time one element meets it. */
export function warnOnce(owner: object, message: string): void {
  const seen = warned.get(owner) ?? new Set<string>();
  if (seen.has(message)) return;

  seen.add(message);
  warned.set(owner, seen);
  console.error(
    `${message} Set endpoint="https://your-backend.example" (the base URL of the uploader backend).`,
  );
}
