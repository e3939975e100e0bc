import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

import ImageKit from '@imagekit/nodejs';

import {
  startLocalImageKit,
  type LocalImageKitOptions,
  type RunningLocalImageKit,
} from '../../server/local-imagekit/index.ts';
import { photo16mp as generatedPhoto16mp } from '../helpers/generated-files.ts';

export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The `help` text of every ImageKit error body, verbatim. */
export const HELP = 'For support kindly contact us at support@imagekit.io .';

/** The stand-in's answer to a file name over 200 bytes of UTF-8. */
export const NAME_TOO_LONG = {
  message:
    'Your request contains invalid fileName parameter. The local ImageKit accepts file ' +
    'names of up to 200 bytes of UTF-8.',
  help: HELP,
};

export interface Harness {
  imagekit: RunningLocalImageKit;
  client: ImageKit;
  dataDir: string;
}

export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, FIXTURES));
}

/**
 * A phone-sized photo (4032x4032 JPEG of about 6 MB), made from a real photo so that it decodes
 * and compresses like a camera's; cached by the shared generator, as it is too big for the repo.
 */
export async function photo16mp(): Promise<Buffer> {
  return readFile(await generatedPhoto16mp());
}

const cleanups = new WeakMap<TestContext, Array<() => Promise<void>>>();

/**
 * Runs `cleanup` when the test ends, last registered first: a stand-in closes before its data
 * folder is removed (node:test runs its own after hooks first registered first).
 */
export function onTestEnd(t: TestContext, cleanup: () => Promise<void>): void {
  let list = cleanups.get(t);
  if (!list) {
    const created: Array<() => Promise<void>> = [];
    cleanups.set(t, created);
    t.after(async () => {
      for (const next of created.reverse()) await next();
    });
    list = created;
  }
  list.push(cleanup);
}

export async function tempDataDir(t: TestContext): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-imagekit-test-'));
  onTestEnd(t, () => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** Starts a stand-in on a random port in a fresh data folder, stopped when the test ends. */
export async function startHarness(
  t: TestContext,
  options: Partial<LocalImageKitOptions> & { dataDir?: string } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? (await tempDataDir(t));
  const imagekit = await startLocalImageKit({ ...options, dataDir, port: 0 });
  onTestEnd(t, () => imagekit.close());

  const client = new ImageKit({
    privateKey: imagekit.privateKey,
    baseURL: imagekit.apiBaseUrl,
    maxRetries: 0,
  });
  return { imagekit, client, dataDir };
}

export type FormFields = Record<string, string | Blob | undefined>;

/** Fresh signed fields from the official SDK's helper, as the backend hands them out. */
export function signedFields(harness: Harness): Record<string, string> {
  const params = harness.client.helper.getAuthenticationParameters();
  return {
    publicKey: harness.imagekit.publicKey,
    token: params.token,
    expire: String(params.expire),
    signature: params.signature,
  };
}

/** POSTs a multipart upload; fields set to `undefined` are left out. */
export async function postUpload(
  harness: Harness,
  fields: FormFields,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value instanceof Blob) form.set(name, value, String(fields.fileName ?? 'file'));
    else form.set(name, value);
  }

  const response = await fetch(harness.imagekit.uploadUrl, { method: 'POST', body: form, headers });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** Uploads a fixture with fresh signed parameters plus any extra fields. */
export async function uploadFixture(
  harness: Harness,
  name: string,
  extra: FormFields = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const bytes = await fixture(name);
  return postUpload(harness, {
    file: new Blob([new Uint8Array(bytes)]),
    fileName: name,
    ...signedFields(harness),
    ...extra,
  });
}
