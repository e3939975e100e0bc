/**
 * Files uploaded to the local ImageKit before the server benchmark starts, so that every
 * `POST /save-metadata` it sends names a file ImageKit really has.
 *
 * @module
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface UploadedFile {
  fileId: string;
  url: string;
  /** The whole JSON the upload answered: what the widget posts to /save-metadata. */
  body: string;
}

interface Target {
  uploadUrl: string;
  publicKey: string;
  privateKey: string;
}

async function uploadOne(target: Target, index: number): Promise<UploadedFile> {
  const token = randomUUID();
  const expire = String(Math.floor(Date.now() / 1000) + 1800);
  const form = new FormData();
  form.set('file', new Blob([randomBytes(512)]), `bench-${index}.bin`);
  form.set('fileName', `bench-${index}.bin`);
  form.set('publicKey', target.publicKey);
  form.set('token', token);
  form.set('expire', expire);
  form.set(
    'signature',
    createHmac('sha1', target.privateKey)
      .update(token + expire)
      .digest('hex'),
  );

  const response = await fetch(target.uploadUrl, { method: 'POST', body: form });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`upload ${index} answered ${response.status}: ${text}`);

  const json = JSON.parse(text) as { fileId: string; url: string };
  return { fileId: json.fileId, url: json.url, body: text };
}

export async function uploadPool(
  target: Target,
  count: number,
  concurrency = 16,
): Promise<UploadedFile[]> {
  const files: UploadedFile[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      files[index] = await uploadOne(target, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return files;
}
