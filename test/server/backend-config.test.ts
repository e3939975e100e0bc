import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
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

  test('caps AUTH_EXPIRE_SECONDS at 3000, leaving room for clock drift before an hour', () => {
    assert.equal(loadConfig({ AUTH_EXPIRE_SECONDS: '3000' }).authExpireSeconds, 3000);
    for (const value of ['3001', '3600']) {
      assert.match(
        configError({ AUTH_EXPIRE_SECONDS: value }),
        new RegExp(`^ {2}AUTH_EXPIRE_SECONDS: must be at most 3000 .*\\(got "${value}"\\)$`, 'm'),
      );
    }
  });

  test('requires AUTH_PARAMS_RATE_LIMIT to allow one batch of 20 signatures', () => {
    assert.equal(loadConfig({ AUTH_PARAMS_RATE_LIMIT: '20' }).authParamsRateLimit, 20);
    assert.match(
      configError({ AUTH_PARAMS_RATE_LIMIT: '19' }),
      new RegExp(
        '^ {2}AUTH_PARAMS_RATE_LIMIT: must be at least 20, ' +
          'the largest batch the widget asks for at once \\(got "19"\\)$',
        'm',
      ),
    );
  });

  test('reads TRUST_PROXY, false by default', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.match(configError({ TRUST_PROXY: 'maybe' }), /^ {2}TRUST_PROXY: must be true or false/m);
  });

  test('reports every problem at once, single-variable and cross-variable alike', () => {
    const message = configError({
      PORT: 'eighty',
      IMAGEKIT_PUBLIC_KEY: 'public_abc',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      AUTH_JWKS_URL: 'https://auth.example/jwks.json',
      ALLOWED_ORIGINS: 'https://bad.example/app',
    });

    assert.match(message, /^ {2}PORT: /m);
    assert.match(message, /^ {2}IMAGEKIT_PRIVATE_KEY: is required/m);
    assert.match(message, /^ {2}IMAGEKIT_URL_ENDPOINT: is required/m);
    assert.match(message, /^ {2}AUTH_JWKS_URL: cannot be combined with AUTH_JWT_SECRET/m);
    assert.match(message, /^ {2}ALLOWED_ORIGINS: "https:\/\/bad.example\/app"/m);
  });

  test('shows only the scheme, host and port of a bad DATABASE_URL', () => {
    const message = configError({ DATABASE_URL: 'mysql://bob:hunter2@db.example.com:3306/app' });

    assert.match(
      message,
      new RegExp(
        '^ {2}DATABASE_URL: must be a postgres:\\/\\/ .* ' +
          '\\(got a URL for mysql:\\/\\/db.example.com:3306\\)$',
        'm',
      ),
    );
    assert.ok(!message.includes('hunter2'), message);
    assert.ok(!message.includes('bob'), message);
  });

  test('shows nothing of a DATABASE_URL that does not parse', () => {
    const message = configError({ DATABASE_URL: 'postgres:/bob:hunter2@db.example.com/app' });

    assert.match(
      message,
      /^ {2}DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL with a host$/m,
    );
    assert.ok(!message.includes('hunter2'), message);
  });

  test('hides the user info of any other URL it quotes back', () => {
    const message = configError({ AUTH_JWKS_URL: 'ftp://bob:hunter2@keys.example/jwks.json' });

    assert.match(message, /AUTH_JWKS_URL: .* \(got "ftp:\/\/\*\*\*@keys.example\/jwks.json"\)/);
    assert.ok(!message.includes('hunter2'), message);
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

describe('createApp limits', () => {
  const deps = {
    db: { query: () => Promise.resolve([]) },
    imagekit: {
      publicKey: 'public_test',
      uploadUrl: 'http://127.0.0.1:9/upload',
      urlEndpoint: 'http://127.0.0.1:9/local',
      sign: () => ({ token: 't', expire: 1, signature: 's' }),
      getFile: () => Promise.resolve(null),
      deleteFile: () => Promise.resolve('missing' as const),
    },
    auth: { kind: 'jwt', secret: 'x'.repeat(32) } as const,
  };

  test('refuses an authParamsRateLimit below one batch of 20', () => {
    assert.throws(
      () => createApp({ ...deps, authParamsRateLimit: 19 }),
      /^RangeError: createApp: authParamsRateLimit must be a whole number of at least 20/,
    );
    assert.ok(createApp({ ...deps, authParamsRateLimit: 20 }));
  });

  test('refuses an authExpireSeconds above 3000', () => {
    assert.throws(
      () => createApp({ ...deps, authExpireSeconds: 3001 }),
      new RegExp(
        '^RangeError: createApp: authExpireSeconds must be a whole number ' +
          'from 30 to 3000 \\(got 3001\\)$',
      ),
    );
    assert.ok(createApp({ ...deps, authExpireSeconds: 3000 }));
  });

  test('refuses a requestTimeoutMs that is not a positive whole number', () => {
    for (const requestTimeoutMs of [0, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => createApp({ ...deps, requestTimeoutMs }),
        /^RangeError: createApp: requestTimeoutMs must be a whole number of ms above 0/,
      );
    }
    assert.ok(createApp({ ...deps, requestTimeoutMs: 1 }));
  });
});
