/**
 * fast-check generators for hostile requests: every route and some that do not exist, wrong
 * methods, malformed and oversized bodies, odd scripts and control characters, SQL injection,
 * forged or broken credentials and disallowed origins.
 *
 * @module
 */
import fc from 'fast-check';

export const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE imagekit_files; --",
  '1; DELETE FROM imagekit_files',
  "x' UNION SELECT user_id, file_id FROM imagekit_files --",
  '$1',
  '\\x00',
];

export const ODD_TEXT = [
  'ファイル名.jpg',
  'ملف.png',
  'файл',
  '文件 😀',
  '\u202egpj.exe',
  'a\u0000b',
  '\u0007\u0008\u001b[31m',
  '\r\n\r\nHTTP/1.1 200 OK',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
];

/** Credentials a request may carry; built into a header by the test, which knows the secrets. */
export type Credential =
  | 'none'
  | 'valid'
  | 'forged'
  | 'expired'
  | 'alg-none'
  | 'no-sub'
  | 'numeric-sub'
  | 'garbage'
  | 'demo-valid'
  | 'demo-forged'
  | 'demo-garbage';

export interface HostileRequest {
  method: string;
  path: string;
  credential: Credential;
  origin: 'none' | 'allowed' | 'disallowed';
  preflight: boolean;
  contentType: string | null;
  body: string | null;
}

const hugeText = fc
  .constantFrom(5_000, 70_000, 300_000)
  .chain((size) => fc.constantFrom('a', 'ü', '\u0001').map((char) => char.repeat(size)));

export function text(seedIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...SQL_INJECTION, ...ODD_TEXT),
    fc.constantFrom(...seedIds),
    fc.stringMatching(/^[0-9a-f]{24}$/),
    hugeText,
  );
}

function anyValue(seedIds: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    text(seedIds),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  );
}

function body(seedIds: readonly string[], seedUrls: readonly string[]): fc.Arbitrary<string> {
  const fields = fc.record(
    {
      fileId: anyValue(seedIds),
      url: fc.oneof(anyValue(seedIds), fc.constantFrom(...seedUrls), fc.webUrl()),
      userId: fc.constantFrom('seed-owner', "' OR 1=1 --"),
      name: text(seedIds),
    },
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(fc.string({ maxLength: 20 }), anyValue(seedIds), { maxKeys: 4 });

  return fc.oneof(
    fields.map((value) => JSON.stringify(value)),
    fc.tuple(fields, extra).map(([value, more]) => JSON.stringify({ ...more, ...value })),
    // Another user's real file with its real URL: a save that must be refused with 409.
    fc
      .integer({ min: 0, max: seedIds.length - 1 })
      .map((index) => JSON.stringify({ fileId: seedIds[index], url: seedUrls[index] })),
    fc.json(),
    fc.constantFrom('{', '{"fileId":', '[1,2', 'null', 'undefined', '{"a":1}}', '\u0000', ''),
    text(seedIds),
    hugeText.map((value) => JSON.stringify({ fileId: value, url: 'https://x.example/a' })),
  );
}

/** The endpoints, each fired at on its own; `other` is any method on any path. */
export const ENDPOINTS = [
  'GET /generate-auth-params',
  'POST /save-metadata',
  'GET /files',
  'DELETE /files/:fileId',
  'GET /healthz',
  'other',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'];

function pathsOf(endpoint: Endpoint, seedIds: readonly string[]): fc.Arbitrary<string> {
  const q = (value: string) => encodeURIComponent(value);
  switch (endpoint) {
    case 'GET /generate-auth-params':
      return fc.oneof(
        fc.constant('/generate-auth-params'),
        text(seedIds).map((count) => `/generate-auth-params?count=${q(count)}`),
        fc.integer({ min: -5, max: 50 }).map((count) => `/generate-auth-params?count=${count}`),
      );
    case 'POST /save-metadata':
      return fc.constantFrom(
        '/save-metadata',
        '/save-metadata',
        '/save-metadata?fileId=x',
        '/save-metadata/',
      );
    case 'GET /files':
      return fc.oneof(
        fc.constant('/files'),
        fc
          .tuple(text(seedIds), text(seedIds))
          .map(([limit, cursor]) => `/files?limit=${q(limit)}&cursor=${q(cursor)}`),
      );
    case 'DELETE /files/:fileId':
      return fc.oneof(
        text(seedIds).map((id) => `/files/${q(id)}`),
        fc.constantFrom(...seedIds).map((id) => `/files/${id}`),
      );
    case 'GET /healthz':
      return fc.constantFrom('/healthz', '/healthz?verbose=1');
    case 'other':
      return fc.oneof(
        fc.webPath().map((p) => p || '/'),
        fc.constantFrom('/', '/files/a/b', '/generate-auth-params/x', '/%2e%2e/package.json'),
      );
  }
}

/**
 * Requests aimed at one endpoint: mostly its own method, sometimes another (for `other`, any
 * method); any credential, origin, content type and body.
 */
export function hostileRequest(
  endpoint: Endpoint,
  seedIds: readonly string[],
  seedUrls: readonly string[],
  credentials: readonly Credential[],
  valid: Credential,
): fc.Arbitrary<HostileRequest> {
  const own = endpoint.split(' ')[0]!;
  const method =
    endpoint === 'other'
      ? fc.constantFrom(...METHODS)
      : fc.oneof(
          { arbitrary: fc.constant(own), weight: 4 },
          { arbitrary: fc.constantFrom(...METHODS), weight: 1 },
        );
  return fc.record({
    method,
    path: pathsOf(endpoint, seedIds),
    // Half the requests carry the valid credential and a quarter a disallowed origin, so most
    // get past sign-in and CORS to the checks of the route itself.
    credential: fc.oneof(
      { arbitrary: fc.constant(valid), weight: 1 },
      { arbitrary: fc.constantFrom(...credentials.filter((one) => one !== valid)), weight: 1 },
    ),
    origin: fc.constantFrom('none', 'none', 'allowed', 'disallowed'),
    preflight: fc.boolean(),
    contentType: fc.constantFrom(
      null,
      'application/json',
      'text/plain',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    ),
    body: fc.option(body(seedIds, seedUrls), { nil: null }),
  });
}
