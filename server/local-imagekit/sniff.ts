import { extname } from 'node:path';

import sharp from 'sharp';

import { sniffHeader } from './sniff-header.ts';

/** What the content of an upload turned out to be. */
export interface SniffedFile {
  fileType: 'image' | 'non-image';
  mime: string;
  width?: number;
  height?: number;
  hasAlpha: boolean;
}

// sharp's format names -> MIME types.
const IMAGE_MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heic',
  jp2: 'image/jp2',
  jxl: 'image/jxl',
};

// Extension -> MIME, for files sharp cannot read.
const EXTENSION_MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
};

/**
 * Tells what a file is from its bytes: an image when sharp can read its header (HEIC included,
 * though the bundled libvips cannot decode it) or when its header is one of a TIFF, BMP or ICO
 * (formats or variants sharp cannot open), otherwise a non-image whose MIME type comes from its
 * extension. The name never makes a file an image, nor gives an unreadable file an image MIME.
 */
export async function sniffFile(bytes: Buffer, fileName: string): Promise<SniffedFile> {
  try {
    // Only the header is read here: a huge image is still an image, refused only if transformed.
    const meta = await sharp(bytes, { pages: 1, limitInputPixels: false }).metadata();
    const mime = meta.format ? IMAGE_MIME[meta.format] : undefined;
    if (mime && meta.width && meta.height) {
      // Width and height as a viewer sees them: orientations 5-8 swap the sides.
      const sideways = (meta.orientation ?? 1) >= 5;
      return {
        fileType: 'image',
        mime: meta.format === 'heif' && meta.compression === 'av1' ? 'image/avif' : mime,
        width: sideways ? meta.height : meta.width,
        height: sideways ? meta.width : meta.height,
        hasAlpha: meta.hasAlpha,
      };
    }
  } catch {
    // Not an image sharp can read: its header may still tell, else the extension.
  }

  const header = sniffHeader(bytes);
  if (header) return { fileType: 'image', ...header };
  return { fileType: 'non-image', mime: nonImageMime(bytes, fileName), hasAlpha: false };
}

function looksLikeText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.length === 0 || sample.includes(0)) return false;
  return !new TextDecoder('utf-8', { fatal: false }).decode(sample).includes('\uFFFD');
}

function nonImageMime(bytes: Buffer, fileName: string): string {
  const fromExtension = EXTENSION_MIME[extname(fileName).toLowerCase()];

  // A name that claims an image sharp cannot read is not believed.
  if (fromExtension?.startsWith('image/')) {
    return looksLikeText(bytes) ? 'text/plain' : 'application/octet-stream';
  }
  return fromExtension ?? (looksLikeText(bytes) ? 'text/plain' : 'application/octet-stream');
}
