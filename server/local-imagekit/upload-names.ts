import { MESSAGES } from './errors.ts';
import type { UploadRejection } from './upload-fields.ts';

/**
 * Longest file or folder name kept. ImageKit publishes no limit; the stand-in stores names as
 * files on disk, where a name may have 255 bytes, and needs room for the unique suffix (10) and
 * the temporary `.<hex>.part` ending (30) of a file being written.
 */
export const MAX_NAME_LENGTH = 200;

/** Longest folder path kept, well inside the 4096 bytes a disk path may have with DATA_DIR. */
export const MAX_FOLDER_PATH_LENGTH = 1000;

/** ImageKit's rule: anything but letters, digits, `.` and `-` becomes `_`. */
export function cleanName(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]/g, '_');
}

/** The file name as it will be stored, or why it cannot be. */
export function checkFileName(fileName: string | undefined): string | UploadRejection {
  const given = fileName?.trim();
  if (!given) return { status: 400, message: MESSAGES.missingFileName };

  const cleaned = cleanName(given);
  if (cleaned === '.' || cleaned === '..')
    return { status: 400, message: MESSAGES.invalidFileName };
  if (cleaned.length > MAX_NAME_LENGTH) {
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
    segments.some((segment) => segment.length > MAX_NAME_LENGTH) ||
    segments.join('/').length > MAX_FOLDER_PATH_LENGTH;
  if (tooLong) {
    return {
      status: 400,
      message: MESSAGES.folderTooLong(MAX_NAME_LENGTH, MAX_FOLDER_PATH_LENGTH),
    };
  }
  return segments;
}
