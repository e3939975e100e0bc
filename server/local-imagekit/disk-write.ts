import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { MESSAGES } from './errors.ts';
import type { LocalStore } from './store.ts';
import type { UploadRejection } from './upload-fields.ts';

// What the disk answers when a file and a folder would share one path.
const CLASH_CODES = new Set(['EEXIST', 'EISDIR', 'ENOTDIR']);

/**
 * ImageKit keeps files and folders apart, so `/shoes` (a file) and `/shoes/a.jpg` may both exist
 * there. The stand-in keeps them as one tree on disk, where they cannot: say so before writing.
 */
export function findPathClash(
  store: LocalStore,
  folderSegments: string[],
  filePath: string,
): UploadRejection | undefined {
  for (let depth = 1; depth <= folderSegments.length; depth += 1) {
    const folderPath = `/${folderSegments.slice(0, depth).join('/')}`;
    if (store.findByPath(folderPath)) {
      return { status: 409, message: MESSAGES.fileWhereFolderGoes(folderPath) };
    }
  }

  const below = `${filePath}/`;
  if (store.list().some((record) => record.filePath.startsWith(below))) {
    return { status: 409, message: MESSAGES.folderWhereFileGoes(filePath) };
  }
  return undefined;
}

/**
 * Writes bytes beside the target and renames them over it, so a reader never sees half a file.
 * The temporary file never outlives a failure; a clash on disk (say, a file put there by hand)
 * is answered, not thrown.
 */
export async function writeBeside(
  target: string,
  filePath: string,
  bytes: Buffer,
): Promise<UploadRejection | undefined> {
  const temporary = `${target}.${randomBytes(12).toString('hex')}.part`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, target);
    return undefined;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);

    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (CLASH_CODES.has(code)) return { status: 409, message: MESSAGES.diskClash(filePath) };
    if (code === 'ENAMETOOLONG')
      return { status: 400, message: MESSAGES.diskNameTooLong(filePath) };
    throw error;
  }
}
