import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const HELP = 'For support kindly contact us at support@imagekit.io .';

/** Messages ImageKit publishes, word for word, and ours where it publishes none. */
export const MESSAGES = {
  missingFile: 'Your request is missing file parameter.',
  emptyFile: 'Your request contains invalid file parameter. The file is empty.',
  fileTooLarge: 'Your request contains invalid file parameter. The file size exceeds limits.',
  fileUrlUnsupported:
    'Your request contains invalid file parameter. The local ImageKit accepts binary or ' +
    'base64 files only, not URLs.',
  fileNotBase64:
    'Your request contains invalid file parameter. A file sent as text must be base64-encoded.',
  missingFileName: 'Your request is missing fileName parameter.',
  invalidFileName: 'Your request contains invalid fileName parameter.',
  invalidFolder: 'Your request contains invalid folder parameter.',
  fileNameTooLong: (max: number) =>
    `Your request contains invalid fileName parameter. The local ImageKit accepts file names ` +
    `of up to ${max} bytes of UTF-8.`,
  folderTooLong: (maxName: number, maxPath: number) =>
    `Your request contains invalid folder parameter. The local ImageKit accepts folder names ` +
    `of up to ${maxName} bytes of UTF-8 and folder paths of up to ${maxPath}.`,
  invalidExpire:
    'Your request contains invalid expire parameter. Expire parameter should be a Unix time ' +
    'in less than 1 hour into the future.',
  tokenReused: (token: string) =>
    `The token with value '${token}' has been used before. We suggest using V4 UUIDs, or ` +
    `another random string with enough entropy to avoid collisions.`,
  missingToken: 'Your request is missing token parameter.',
  missingSignature: 'Your request is missing signature parameter.',
  missingPublicKey: 'Your request is missing publicKey parameter.',
  invalidSignature:
    'Your request contains invalid signature parameter. It should be HMAC-SHA1 of token + ' +
    'expire with your private key.',
  cannotAuthenticate: 'Your account cannot be authenticated.',
  bothAuthMethods:
    'Your request contains both signature and basic auth parameter. Use only one method, you ' +
    'might be exposing your private API key.',
  missingAuth: 'Your request does not contain private API key.',
  invalidCustomMetadata:
    'Your request contains invalid customMetadata parameter. It should be a JSON object.',
  invalidBoolean: (field: string) =>
    `Your request contains invalid ${field} parameter. It should be true or false.`,
  fileExists:
    'A file with the same name already exists at the exact location. We could not overwrite ' +
    'it because both overwriteFile and useUniqueFileName are set to false.',
  notMultipart: 'Your request should be multipart/form-data.',
  bodyCutShort: 'Your request ended before its whole body arrived.',
  privateFileUnsigned: 'This file is private: request it with a signed URL.',
  badUrlSignature: 'The URL signature (ik-s) is invalid.',
  expiredUrl: 'The signed URL has expired (ik-t is in the past).',
  rangeNotSatisfiable: 'The requested range is outside the file.',
  fileNotFound: 'The requested file does not exist.',
  cannotTransform: (mime: string) => `The local ImageKit cannot transform ${mime} images.`,
  cannotTransformVariant: (mime: string) =>
    `The local ImageKit cannot transform this ${mime} image: sharp cannot decode this ` +
    `variant of the format.`,
  badPercentEncoding: 'The requested URL is not valid: its path has broken percent-encoding.',
  fileWhereFolderGoes: (folderPath: string) =>
    `The local ImageKit cannot store ${folderPath}/ as a folder: a file has that path. It ` +
    `keeps files and folders in one namespace on disk.`,
  folderWhereFileGoes: (filePath: string) =>
    `The local ImageKit cannot store ${filePath} as a file: a folder has that path. It keeps ` +
    `files and folders in one namespace on disk.`,
  diskClash: (filePath: string) =>
    `The local ImageKit cannot store ${filePath}: a file and a folder would share a path on disk.`,
  diskNameTooLong: (filePath: string) =>
    `The local ImageKit cannot store ${filePath}: the path is too long for this disk.`,
  injectedFault: 'Internal server error (injected by the local ImageKit fault options).',
  internal: 'Internal server error.',
  routeNotFound: 'The requested resource does not exist.',
} as const;

/** Answers with ImageKit's error shape: `{message, help}`. */
export function ikError(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ message, help: HELP }, status);
}
