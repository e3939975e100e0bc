import { randomBytes, createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { findPathClash, writeBeside } from './disk-write.ts';
import type { LocalStore } from './store.ts';
import { sniffFile } from './sniff.ts';
import type { FileRecord } from './types.ts';
import type { UploadFields, UploadRejection } from './upload-fields.ts';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function hexId(): string {
  return randomBytes(12).toString('hex');
}

/** A short random suffix before the extension, as ImageKit's `useUniqueFileName` adds. */
function uniqueName(name: string): string {
  const extension = extname(name);
  const base = name.slice(0, name.length - extension.length);
  const suffix = Array.from(randomBytes(9), (byte) => SUFFIX_ALPHABET[byte % 62]).join('');
  return `${base}_${suffix}${extension}`;
}

/** Where transformed copies of a file are cached; emptied whenever the file changes. */
export function cacheFolder(store: LocalStore, fileId: string): string {
  return join(store.cacheDir, fileId);
}

export type SaveResult = { record: FileRecord } | { exists: true } | { refused: UploadRejection };

/**
 * Writes an upload to disk and records it; replaces a file at the same path when allowed. The
 * check for an existing file and the record that follows run under the path's lock, so two
 * uploads to one path never both see it free.
 */
export function saveUpload(store: LocalStore, fields: UploadFields): Promise<SaveResult> {
  const name = fields.useUniqueFileName ? uniqueName(fields.fileName) : fields.fileName;
  const filePath = `/${[...fields.folderSegments, name].join('/')}`;
  return store.withPath(filePath, () => writeAndRecord(store, fields, name, filePath));
}

async function writeAndRecord(
  store: LocalStore,
  fields: UploadFields,
  name: string,
  filePath: string,
): Promise<SaveResult> {
  const previous = store.findByPath(filePath);
  if (previous && !fields.overwriteFile) return { exists: true };

  const clash = findPathClash(store, fields.folderSegments, filePath);
  if (clash) return { refused: clash };
  const failed = await writeBeside(store.pathOnDisk(filePath), filePath, fields.bytes);
  if (failed) return { refused: failed };

  const sniffed = await sniffFile(fields.bytes, name);
  const now = new Date().toISOString();
  const record: FileRecord = {
    fileId: previous?.fileId ?? hexId(),
    name,
    filePath,
    size: fields.bytes.length,
    ...sniffed,
    tags: fields.tags,
    isPrivateFile: fields.isPrivateFile,
    customCoordinates: fields.customCoordinates,
    customMetadata: fields.customMetadata,
    versionId: hexId(),
    versionNumber: (previous?.versionNumber ?? 0) + 1,
    sha1: createHash('sha1').update(fields.bytes).digest('hex'),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };

  if (previous) await rm(cacheFolder(store, previous.fileId), { recursive: true, force: true });
  await store.put(record);
  return { record };
}

/**
 * Forgets a file and removes its cached variants. Its bytes are removed only when no other record
 * has its path (data from older versions may hold two).
 */
export function deleteFile(store: LocalStore, record: FileRecord): Promise<void> {
  return store.withPath(record.filePath, async () => {
    await store.remove(record.fileId);
    if (!store.findByPath(record.filePath)) {
      await rm(store.pathOnDisk(record.filePath), { force: true });
    }
    await rm(cacheFolder(store, record.fileId), { recursive: true, force: true });
  });
}
