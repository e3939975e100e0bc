/** What `npm run imagekit:local` starts with, read from the environment. */
export interface MainOptions {
  dataDir: string;
  port: number;
  hostname: string;
  maxFileSize: number;
}

const DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024;

/** Like the server's settings: an empty or blank variable means its default. */
function value(env: Record<string, string | undefined>, name: string): string | undefined {
  const given = env[name]?.trim();
  return given ? given : undefined;
}

function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  [min, max]: [number, number],
  what: string,
): number {
  const given = value(env, name);
  if (given === undefined) return fallback;

  const parsed = Number(given);
  if (!/^\d+$/.test(given) || parsed < min || parsed > max) {
    throw new Error(`${name} must be ${what}, got '${given}'`);
  }
  return parsed;
}

/**
 * Reads DATA_DIR (default ./.data), LOCAL_IMAGEKIT_PORT (default 3001), HOST (default 127.0.0.1)
 * and LOCAL_IMAGEKIT_MAX_FILE_SIZE (bytes, default 26214400 = 25 MB), the variables the server
 * passes to the stand-in it starts in local mode.
 *
 * @throws {Error} naming the variable that is not valid.
 */
export function mainOptions(env: Record<string, string | undefined>): MainOptions {
  return {
    dataDir: value(env, 'DATA_DIR') ?? './.data',
    port: wholeNumber(env, 'LOCAL_IMAGEKIT_PORT', 3001, [0, 65535], 'a port number (0-65535)'),
    hostname: value(env, 'HOST') ?? '127.0.0.1',
    maxFileSize: wholeNumber(
      env,
      'LOCAL_IMAGEKIT_MAX_FILE_SIZE',
      DEFAULT_MAX_FILE_SIZE,
      [1, Number.MAX_SAFE_INTEGER],
      'a whole number of bytes, at least 1',
    ),
  };
}
