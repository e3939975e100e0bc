import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { basicAuthUser, sameSecret, signUpload } from './auth.ts';
import { MESSAGES } from './errors.ts';
import { checkFileName, checkFolder } from './upload-names.ts';

/** A checked upload request, ready to store. */
export interface UploadFields {
  bytes: Buffer;
  fileName: string;
  folderSegments: string[];
  useUniqueFileName: boolean;
  overwriteFile: boolean;
  isPrivateFile: boolean;
  tags: string[] | null;
  customCoordinates: string | null;
  customMetadata: Record<string, unknown>;
  responseFields: string[];
}

export interface UploadRejection {
  status: ContentfulStatusCode;
  message: string;
}

interface Account {
  publicKey: string;
  privateKey: string;
  maxFileSize: number;
}

const ONE_HOUR = 3600;

// Standard or URL-safe alphabet, padded or not.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function text(form: FormData, field: string): string | undefined {
  const value = form.get(field);
  return typeof value === 'string' ? value : undefined;
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

async function fileBytes(form: FormData): Promise<Buffer | UploadRejection> {
  const file = form.get('file');
  if (file === null || file === '') return { status: 400, message: MESSAGES.missingFile };

  if (typeof file !== 'string') return Buffer.from(await file.arrayBuffer());

  if (/^https?:\/\//i.test(file)) return { status: 400, message: MESSAGES.fileUrlUnsupported };

  // Node decodes any text as base64, skipping what does not belong; a path or a plain word would
  // turn into a few junk bytes. Line breaks are fine: MIME wraps base64 at 76 characters.
  const base64 = file.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 === 1) {
    return { status: 400, message: MESSAGES.fileNotBase64 };
  }
  return Buffer.from(base64, 'base64');
}

function checkExpire(expire: string | undefined): boolean {
  if (expire === undefined || !/^\d+$/.test(expire.trim())) return false;

  const secondsAhead = Number(expire) - Math.floor(Date.now() / 1000);
  return secondsAhead > 0 && secondsAhead < ONE_HOUR;
}

/** Checks who is uploading: Basic auth with the private key, or a signed token. */
function checkAuth(
  form: FormData,
  authorization: string | undefined,
  account: Account,
): UploadRejection | undefined {
  const user = basicAuthUser(authorization);
  if (user !== undefined) {
    if (user === null || !sameSecret(user, account.privateKey)) {
      return { status: 403, message: MESSAGES.cannotAuthenticate };
    }
    return undefined;
  }

  const publicKey = text(form, 'publicKey');
  const signature = text(form, 'signature');
  const token = text(form, 'token');
  const expire = text(form, 'expire');

  if (!publicKey) return { status: 400, message: MESSAGES.missingPublicKey };
  if (publicKey !== account.publicKey) return { status: 403, message: MESSAGES.cannotAuthenticate };
  if (!signature) return { status: 400, message: MESSAGES.missingSignature };
  if (!token) return { status: 400, message: MESSAGES.missingToken };
  if (!checkExpire(expire)) return { status: 400, message: MESSAGES.invalidExpire };

  const expected = signUpload(account.privateKey, token, expire ?? '');
  if (!sameSecret(signature, expected)) return { status: 400, message: MESSAGES.invalidSignature };
  return undefined;
}

function flag(form: FormData, field: string, fallback: boolean): boolean | UploadRejection {
  const value = text(form, field);
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  return { status: 400, message: MESSAGES.invalidBoolean(field) };
}

function customMetadata(value: string | undefined): Record<string, unknown> | UploadRejection {
  if (value === undefined || value === '') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Reported below, like any other shape that is not an object.
  }
  return { status: 400, message: MESSAGES.invalidCustomMetadata };
}

function isRejection(value: unknown): value is UploadRejection {
  return typeof value === 'object' && value !== null && 'status' in value && 'message' in value;
}

/**
 * Checks an upload form the way ImageKit does, in this order: both auth methods, the file, its
 * size, the file name, who is uploading, then the options. The token's single use is checked
 * before this, as soon as the token is seen.
 */
export async function checkUploadForm(
  form: FormData,
  authorization: string | undefined,
  account: Account,
): Promise<UploadFields | UploadRejection> {
  if (authorization !== undefined && text(form, 'signature')) {
    return { status: 400, message: MESSAGES.bothAuthMethods };
  }

  const bytes = await fileBytes(form);
  if (isRejection(bytes)) return bytes;
  if (bytes.length === 0) return { status: 400, message: MESSAGES.emptyFile };
  if (bytes.length > account.maxFileSize) return { status: 400, message: MESSAGES.fileTooLarge };

  const fileName = checkFileName(text(form, 'fileName'));
  if (isRejection(fileName)) return fileName;

  const authProblem = checkAuth(form, authorization, account);
  if (authProblem) return authProblem;

  const useUniqueFileName = flag(form, 'useUniqueFileName', true);
  const overwriteFile = flag(form, 'overwriteFile', true);
  const isPrivateFile = flag(form, 'isPrivateFile', false);
  const folder = checkFolder(text(form, 'folder'));
  const metadata = customMetadata(text(form, 'customMetadata'));
  for (const value of [useUniqueFileName, overwriteFile, isPrivateFile, folder, metadata]) {
    if (isRejection(value)) return value;
  }

  const tags = commaList(text(form, 'tags'));
  return {
    bytes,
    fileName,
    folderSegments: folder as string[],
    useUniqueFileName: useUniqueFileName as boolean,
    overwriteFile: overwriteFile as boolean,
    isPrivateFile: isPrivateFile as boolean,
    tags: tags.length > 0 ? tags : null,
    customCoordinates: text(form, 'customCoordinates') || null,
    customMetadata: metadata as Record<string, unknown>,
    responseFields: commaList(text(form, 'responseFields')),
  };
}
