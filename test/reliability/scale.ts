/**
 * The size knob of the reliability suite: `RELIABILITY_SCALE=short` runs fewer files and requests
 * with the same assertions (the CI run inside `npm test`); anything else runs the full sizes.
 *
 * @module
 */

export const SCALE: 'short' | 'full' = process.env.RELIABILITY_SCALE === 'short' ? 'short' : 'full';

/** The full size, or the short one when the suite runs short. */
export function sized(full: number, short: number): number {
  return SCALE === 'short' ? short : full;
}

/** One diagnostic line: what a scenario injected or counted, as `key=value` pairs. */
export function report(label: string, values: Record<string, unknown>): string {
  const pairs = Object.entries(values).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `[${SCALE}] ${label}: ${pairs.join(' ')}`;
}
