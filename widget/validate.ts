/**
 * Checks a file before any request is made: emptiness, size, the `accept` list and the count, and
 * the first bytes of a file that only the image and video entries of `accept` let in.
 * @module
 */

import type { UploaderErrorCode } from './types.ts';

export interface ValidationRules {
  /**
   * The `accept` attribute: MIME types, `type/*` wildcards and `.ext` extensions, comma-separated.
   */
  accept?: string;
  /** Largest allowed size in bytes; none when unset, zero or negative. */
  maxFileSize?: number | null;
  /** Most files the list may hold, counting those kept; none when unset, zero or negative. */
  maxFiles?: number | null;
}

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

export type ValidationCode = Extract<
  UploaderErrorCode,
  'file-empty' | 'file-too-large' | 'file-type-not-accepted' | 'too-many-files'
>;

/**
 * Extensions that name a MIME type, for files the browser gives no type (some drops, HEIC on
 * Windows, renamed files); the `accept` list is then matched against the type the name suggests.
 * An extension maps to `image/<extension>` unless it is listed with a type of its own.
 */
const IMAGE_EXTENSIONS = /^(jpeg|png|gif|webp|avif|heic|heif|tiff|bmp)$/;
const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  tif: 'image/tiff',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

/** The file's MIME type, or the one its extension suggests when the browser gave none. */
export function typeOf(file: FileLike): string {
  if (file.type) return file.type.toLowerCase();

  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  if (IMAGE_EXTENSIONS.test(extension)) return `image/${extension}`;
  return Object.hasOwn(TYPES_BY_EXTENSION, extension) ? TYPES_BY_EXTENSION[extension] : '';
}

/**
 * The first bytes of the image and video formats browsers and ImageKit know: JPEG, JPEG XL, PNG,
 * GIF, WebP and AVI (RIFF), ISO-BMFF (AVIF, HEIC, MP4, MOV and older QuickTime), JPEG 2000,
 * TIFF and the camera raws built on it, Photoshop, BMP, ICO, WebM/MKV, Ogg, MPEG, FLV, WMV, and
 * SVG or other XML (a `<` after an optional byte-order mark and white space).
 */
const MEDIA_SIGNATURE = new RegExp(
  '^(\\xFF\\xD8\\xFF|\\xFF\\n|\\x89PNG|GIF8|RIFF....(WEBP|AVI )|' +
    '....(ftyp|moov|mdat|wide|free|skip)|\\0\\0\\0\\f(JXL |jP  )|II[*+RU]|MM\\0[*+]|' +
    'FUJIFILM|8BPS|BM|\\0\\0[\\x01\\x02]\\0|\\x1AE\\xDF\\xA3|OggS|\\0\\0\\x01[\\xB3\\xBA]|' +
    'FLV|0&\\xB2u|(\\xEF\\xBB\\xBF)?\\s*<)',
  's',
);

/** Splits an accept string into lower-case tokens, dropping blanks. */
export function parseAccept(accept: string | undefined): string[] {
  if (!accept) return [];
  return accept
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token.length > 0);
}

/** The type an accept token names: `.jpg` names `image/jpeg`, `image/*` itself. */
function tokenType(token: string): string {
  return token[0] === '.' ? typeOf({ name: token, size: 0, type: '' }) : token;
}

/** The tokens of the accept list the file matches. */
function matchingTokens(file: FileLike, tokens: string[]): string[] {
  const name = file.name.toLowerCase();
  const type = typeOf(file);

  return tokens.filter((token) => {
    if (token.startsWith('.')) return name.endsWith(token);
    if (token === '*' || token === '*/*') return true;
    if (token.endsWith('/*')) return type.startsWith(token.slice(0, -1));
    return type === token;
  });
}

/** True when the file matches one token of the accept list, or when the list is empty. */
export function matchesAccept(file: FileLike, accept: string | undefined): boolean {
  const tokens = parseAccept(accept);
  return tokens.length === 0 || matchingTokens(file, tokens).length > 0;
}

/**
 * What the file's content must be when only image or video entries of `accept` let it in:
 * `image`, or `media` (image or video) when `accept` names videos too; its first bytes are then
 * checked. Undefined when another entry (`application/pdf`, `.pdf`, `*`) lets it in, or none does.
 */
export function requiredContent(
  file: FileLike,
  accept: string | undefined,
): 'image' | 'media' | undefined {
  const tokens = parseAccept(accept);
  const types = matchingTokens(file, tokens).map(tokenType);
  if (!types.length || !types.every((type) => /^(image|video)\//.test(type))) return undefined;
  return tokens.some((token) => tokenType(token)[0] === 'v') ? 'media' : 'image';
}

/**
 * Whether the file starts like an image or video. A name and a type the browser guessed from it
 * can lie (a text file called photo.jpg); the first bytes cannot. A file that cannot be read
 * passes, and its upload reports the failure.
 */
export async function looksLikeMedia(file: Blob): Promise<boolean> {
  try {
    const bytes = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    return MEDIA_SIGNATURE.test(String.fromCharCode(...bytes));
  } catch {
    return true;
  }
}

/** The reason a single file is refused, or undefined. Count is checked apart (it needs order). */
export function checkFile(file: FileLike, rules: ValidationRules): ValidationCode | undefined {
  if (file.size === 0) return 'file-empty';
  if (file.size > (rules.maxFileSize! > 0 ? rules.maxFileSize! : Infinity)) return 'file-too-large';
  if (!matchesAccept(file, rules.accept)) return 'file-type-not-accepted';
}

/**
 * Validates a batch in order: the reason each file is refused, or undefined for one that passes.
 * Files that pass every check take the free places left by `maxFiles - keptCount`; the rest are
 * refused as `too-many-files`.
 */
export function validateFiles(
  files: readonly FileLike[],
  rules: ValidationRules,
  keptCount = 0,
): (ValidationCode | undefined)[] {
  let free = rules.maxFiles! > 0 ? rules.maxFiles! - keptCount : Infinity;

  return files.map((file) => checkFile(file, rules) ?? (free-- > 0 ? undefined : 'too-many-files'));
}
