import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.ts';

const REAL_KEYS = {
  IMAGEKIT_PUBLIC_KEY: 'public_abc',
  IMAGEKIT_PRIVATE_KEY: 'private_never_shown',
  IMAGEKIT_URL_ENDPOINT: 'https://ik.imagekit.io/demo',
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  test('defaults to local mode with nothing set', () => {
    const config = loadConfig({});

    assert.equal(config.port, 3000);
    assert.equal(config.localImageKitPort, 3001);
    assert.equal(config.imagekit, null);
    assert.equal(config.databaseUrl, null);
    assert.equal(config.authExpireSeconds, 600);
    assert.deepEqual(config.allowedOrigins, []);
    assert.match(config.dataDir, /\.data$/);
  });

  test('reads real ImageKit settings with the default upload and API URLs', () => {
    const config = loadConfig(REAL_KEYS);

    assert.deepEqual(config.imagekit, {
      publicKey: 'public_abc',
      privateKey: 'private_never_shown',
      urlEndpoint: 'https://ik.imagekit.io/demo',
      uploadUrl: 'https://upload.imagekit.io/api/v1/files/upload',
      apiBaseUrl: 'https://api.imagekit.io',
    });
  });

  test('names PORT when it is not a port', () => {
    assert.match(configError({ PORT: 'eighty' }), /^ {2}PORT: .*\(got "eighty"\)$/m);
  });

  test('names each missing IMAGEKIT_* key when only some are set', () => {
    const message = configError({ IMAGEKIT_PUBLIC_KEY: 'public_abc' });

    assert.match(message, /IMAGEKIT_PRIVATE_KEY: is required when IMAGEKIT_PUBLIC_KEY is set/);
    assert.match(message, /IMAGEKIT_URL_ENDPOINT: is required/);
  });

  test('rejects AUTH_EXPIRE_SECONDS of an hour or more', () => {
    assert.match(
      configError({ AUTH_EXPIRE_SECONDS: '3600' }),
      /AUTH_EXPIRE_SECONDS: must be less than 3600/,
    );
  });

  test('rejects an ALLOWED_ORIGINS entry with a path, naming the entry', () => {
    assert.match(
      configError({ ALLOWED_ORIGINS: 'https://ok.example, https://bad.example/app' }),
      /ALLOWED_ORIGINS: "https:\/\/bad.example\/app"/,
    );
  });

  test('rejects a DATABASE_URL that is not a postgres URL', () => {
    assert.match(
      configError({ DATABASE_URL: 'mysql://x@y/z' }),
      /DATABASE_URL: must be a postgres/,
    );
  });

  test('rejects AUTH_DEMO=true together with a JWT secret', () => {
    assert.match(
      configError({ AUTH_DEMO: 'true', AUTH_JWT_SECRET: 'x'.repeat(32) }),
      /AUTH_DEMO: cannot be true together with AUTH_JWT_SECRET/,
    );
  });

  test('never echoes a secret value in its message', () => {
    const message = configError({ ...REAL_KEYS, AUTH_JWT_SECRET: 'short-secret' });

    assert.match(message, /AUTH_JWT_SECRET: must be at least 32 characters/);
    assert.ok(!message.includes('short-secret'));
  });

  test('treats empty values as unset, as a blank line in .env means', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: ' ', ALLOWED_ORIGINS: '' });

    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, null);
    assert.deepEqual(config.allowedOrigins, []);
  });

  test('defaults the local ImageKit to 25 MB uploads and the database pool to 10', () => {
    const config = loadConfig({});

    assert.equal(config.localImageKitMaxFileSize, 25 * 1024 * 1024);
    assert.equal(config.databasePoolSize, 10);
  });

  test('reads LOCAL_IMAGEKIT_MAX_FILE_SIZE and DATABASE_POOL_SIZE', () => {
    const config = loadConfig({
      LOCAL_IMAGEKIT_MAX_FILE_SIZE: '110000000',
      DATABASE_POOL_SIZE: '25',
    });

    assert.equal(config.localImageKitMaxFileSize, 110_000_000);
    assert.equal(config.databasePoolSize, 25);
  });

  test('names LOCAL_IMAGEKIT_MAX_FILE_SIZE when it is not a whole number of bytes', () => {
    assert.match(
      configError({ LOCAL_IMAGEKIT_MAX_FILE_SIZE: '100MB' }),
      /^ {2}LOCAL_IMAGEKIT_MAX_FILE_SIZE: must be a number \(got "100MB"\)$/m,
    );
  });

  test('names DATABASE_POOL_SIZE when it is below 1', () => {
    assert.match(
      configError({ DATABASE_POOL_SIZE: '0' }),
      /^ {2}DATABASE_POOL_SIZE: must be at least 1/m,
    );
  });
});
