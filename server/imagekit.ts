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

const numberOrNull = (value: number | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function createImageKitService(settings: ImageKitSettings): ImageKitService {
  const client = new ImageKit({
    privateKey: settings.privateKey,
    baseURL: settings.apiBaseUrl,
    // A save waits on this call; fail fast and let the widget retry the save.
    timeout: 15_000,
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

        return {
          fileId: file.fileId,
          url: file.url,
          name: file.name ?? file.filePath?.split('/').pop() ?? file.fileId,
          filePath: file.filePath ?? `/${file.name ?? file.fileId}`,
          fileType: file.fileType ?? 'non-image',
          mime: file.mime ?? null,
          size: numberOrNull(file.size) ?? 0,
          width: numberOrNull(file.width),
          height: numberOrNull(file.height),
          thumbnailUrl: file.thumbnail ?? null,
          tags: Array.isArray(file.tags) ? file.tags.filter((t) => typeof t === 'string') : [],
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
