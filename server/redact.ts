/**
 * What of a configured URL may be shown in a message: connection strings carry passwords in
 * their user info (and sometimes their query), which must never reach a terminal or a log.
 *
 * @module
 */

const USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

/** `text` with the user info of every URL in it replaced by `***`. */
export function redactUserInfo(text: string): string {
  return text.replace(USER_INFO, '$1***@');
}

/**
 * Only the scheme, host and port of a connection string, e.g. `postgresql://db.example.com:5432`,
 * or undefined when it does not parse (then nothing of it is safe to show).
 */
export function connectionTarget(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return undefined;
    const port = parsed.port || (/^postgres(ql)?:$/.test(parsed.protocol) ? '5432' : '');
    return `${parsed.protocol}//${parsed.hostname}${port ? `:${port}` : ''}`;
  } catch {
    return undefined;
  }
}
