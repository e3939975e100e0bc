/**
 * The backend's only door to ImageKit: sign upload parameters with the private key, read a
 * file's details, delete a file. URLs come from configuration, so the local stand-in is used by
 * configuration alone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import ImageKit, { APIError, NotFoundError } from '@imagekit/nodejs';
import { ImageKitUnavailableError } from './errors.ts';
import type { ImageKitSettings } from './config.ts';

export interface UploadSignature {
  token: string;
  /** Unix seconds. */
  expire: number;
  signature: string;
}

/** ImageKit's own description of an uploaded file, the fields this backend keeps. */
export interface ImageKitFileDetails {
  fileId: string;
  url: string;
  name: string;
  filePath: string;
  fileType: string;
  mime: string | null;
  size: number;
  width: number | null;
  height: number | null;
  thumbnailUrl: string | null;
  tags: string[];
}

export interface ImageKitService {
  readonly publicKey: string;
  readonly uploadUrl: string;
  readonly urlEndpoint: string;
  /** A fresh single-use token (UUID v4) signed to expire `lifetimeSeconds` from now. */
  sign(lifetimeSeconds: number): UploadSignature;
  /** Null when ImageKit does not know the file. */
  getFile(fileId: string): Promise<ImageKitFileDetails | null>;
  /** 'missing' when ImageKit had no such file (already gone). */
  deleteFile(fileId: string): Promise<'deleted' | 'missing'>;
}

function isUnknownFile(error: unknown): boolean {
  // ImageKit answers 400 for a file id it cannot parse and 404 for one it does not have.
  return error instanceof NotFoundError || (error instanceof APIError && error.status === 400);
}

function unavailable(action: string, error: unknown): ImageKitUnavailableError {
  const status = error instanceof APIError && error.status ? ` (HTTP ${error.status})` : '';
  return new ImageKitUnavailableError(`ImageKit file API failed to ${action}${status}`, {
    cause: error,
  });
}

// Postgres text cannot hold U+0000, and ImageKit passes it through in names and tags; a value
// the client chose must not make its own save fail.
const clean = (value: string) => value.replaceAll('\u0000', '');
const cleanOrNull = (value: string | null | undefined) =>
  typeof value === 'string' ? clean(value) : null;

const numberOrNull = (value: number | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function createImageKitService(settings: ImageKitSettings): ImageKitService {
  const client = new ImageKit({
    privateKey: settings.privateKey,
    baseURL: settings.apiBaseUrl,
    // A save waits on this call: two tries end well inside the app's 20 s deadline, so a stuck
    // ImageKit is answered 502 and the widget retries the save.
    timeout: 8000,
    maxRetries: 1,
  });

  return {
    publicKey: settings.publicKey,
    uploadUrl: settings.uploadUrl,
    urlEndpoint: settings.urlEndpoint,

    sign(lifetimeSeconds) {
      const expire = Math.floor(Date.now() / 1000) + lifetimeSeconds;
      return client.helper.getAuthenticationParameters(randomUUID(), expire);
    },

    async getFile(fileId) {
      try {
        const file = await client.files.get(fileId);
        if (!file.fileId || !file.url) throw new Error('file details without fileId or url');

        const name = file.name ?? file.filePath?.split('/').pop() ?? file.fileId;
        const tags = Array.isArray(file.tags) ? file.tags.filter((t) => typeof t === 'string') : [];
        return {
          fileId: file.fileId,
          url: clean(file.url),
          name: clean(name),
          filePath: clean(file.filePath ?? `/${name}`),
          fileType: clean(file.fileType ?? 'non-image'),
          mime: cleanOrNull(file.mime),
          size: numberOrNull(file.size) ?? 0,
          width: numberOrNull(file.width),
          height: numberOrNull(file.height),
          thumbnailUrl: cleanOrNull(file.thumbnail),
          tags: tags.map(clean).filter((tag) => tag !== ''),
        };
      } catch (error) {
        if (isUnknownFile(error)) return null;
        throw unavailable('read file details', error);
      }
    },

    async deleteFile(fileId) {
      try {
        await client.files.delete(fileId);
        return 'deleted';
      } catch (error) {
        if (isUnknownFile(error)) return 'missing';
        throw unavailable('delete the file', error);
      }
    },
  };
}
