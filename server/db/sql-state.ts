/**
 * The SQLSTATE of a driver error. Both drivers put the five-character code on `error.code`,
 * where Node's socket errors put their own names (ECONNREFUSED), which never match.
 *
 * @module
 */

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : undefined;
}

/**
 * Class 22, "data exception": the server refused a value (out of range, invalid encoding such as
 * a NUL character, bad date), so the request carried something it cannot store.
 */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith('22') ?? false;
}
