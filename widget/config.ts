/**
 * Misuse checks for the element's configuration, reported in the element and, once, in the
 * console.
 * @module
 */

import type { Text } from './strings.ts';

/** The endpoint as a URL (resolved against the page), or undefined when it is no http(s) URL. */
export function endpointUrl(endpoint: string): URL | undefined {
  try {
    const url = new URL(endpoint, document.baseURI);
    return /^https?:$/.test(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The message the element shows for a missing or unusable endpoint, or null. */
export function configMessage(endpoint: string | null | undefined, text: Text): string | null {
  if (!endpoint?.trim()) return text('endpointMissing');
  return endpointUrl(endpoint) ? null : text('endpointInvalid', { endpoint });
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
