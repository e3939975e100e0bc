import { MESSAGES } from './errors.ts';
import type { UploadRejection } from './upload-fields.ts';

/**
 * Longest file or folder name kept, in UTF-8 bytes. ImageKit publishes no limit; the stand-in
 * stores names as files on disk, where a name may have 255 bytes (not characters: `é` takes 2,
 * `東` 3), and needs room for the unique suffix (10) and the temporary `.<hex>.part` ending (30)
 * of a file being written.
 */
export const MAX_NAME_LENGTH = 200;

/** Longest folder path kept in UTF-8 bytes, well inside the 4096 a disk path may have. */
export const MAX_FOLDER_PATH_LENGTH = 1000;

// Per code point (`u`), so an emoji outside the BMP becomes one `_`, not two.
const NOT_KEPT = /[^\p{L}\p{M}\p{N}.-]/gu;

/**
 * ImageKit's rule: letters, marks and digits of any script, `.` and `-` are kept; anything else,
 * space included, becomes `_`. Combining marks stay as sent: a name is not normalized to NFC.
 */
export function cleanName(name: string): string {
  return name.replace(NOT_KEPT, '_');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The file name as it will be stored, or why it cannot be. */
export function checkFileName(fileName: string | undefined): string | UploadRejection {
  const given = fileName?.trim();
  if (!given) return { status: 400, message: MESSAGES.missingFileName };

  const cleaned = cleanName(given);
  if (cleaned === '.' || cleaned === '..')
    return { status: 400, message: MESSAGES.invalidFileName };
  if (byteLength(cleaned) > MAX_NAME_LENGTH) {
    return { status: 400, message: MESSAGES.fileNameTooLong(MAX_NAME_LENGTH) };
  }
  return cleaned;
}

/** The folder as path segments, cleaned like file names, or why it cannot be stored. */
export function checkFolder(folder: string | undefined): string[] | UploadRejection {
  const segments = (folder ?? '/').split('/').filter(Boolean).map(cleanName);
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return { status: 400, message: MESSAGES.invalidFolder };
  }

  const tooLong =
    segments.some((segment) => byteLength(segment) > MAX_NAME_LENGTH) ||
    byteLength(segments.join('/')) > MAX_FOLDER_PATH_LENGTH;
  if (tooLong) {
    return {
      status: 400,
      message: MESSAGES.folderTooLong(MAX_NAME_LENGTH, MAX_FOLDER_PATH_LENGTH),
    };
  }
  return segments;
}
