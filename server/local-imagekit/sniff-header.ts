/** An image known from its header alone, in a format or variant sharp cannot open. */
export interface HeaderImage {
  mime: string;
  width: number;
  height: number;
  hasAlpha: boolean;
}

// TIFF tags read here; each holds one SHORT or LONG value.
const TIFF_WIDTH = 256;
const TIFF_HEIGHT = 257;
const TIFF_ORIENTATION = 274;
const TIFF_EXTRA_SAMPLES = 338;

// Sizes of the BMP info headers Windows and OS/2 write; anything else is not a BMP.
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/**
 * Reads a TIFF's first directory (`II*\0` or `MM\0*`): sharp's libvips refuses some valid
 * TIFFs, such as 64-bit float samples, yet ImageKit still counts them as images with a size.
 */
function readTiff(bytes: Buffer): HeaderImage | undefined {
  const order = bytes.toString('latin1', 0, 2);
  if ((order !== 'II' && order !== 'MM') || bytes.length < 8) return undefined;
  const little = order === 'II';
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (u16(2) !== 42) return undefined;

  const directory = u32(4);
  if (directory < 8 || directory + 2 > bytes.length) return undefined;
  const tags = new Map<number, number>();
  for (let index = 0; index < u16(directory); index += 1) {
    const entry = directory + 2 + index * 12;
    if (entry + 12 > bytes.length) return undefined;
    const [tag, type, count] = [u16(entry), u16(entry + 2), u32(entry + 4)];
    if (count === 1 && type === 3) tags.set(tag, u16(entry + 8));
    if (count === 1 && type === 4) tags.set(tag, u32(entry + 8));
  }

  const [width, height] = [tags.get(TIFF_WIDTH), tags.get(TIFF_HEIGHT)];
  if (!width || !height) return undefined;
  // Orientations 5-8 turn the picture sideways, as sharp's sizes do for other formats.
  const sideways = (tags.get(TIFF_ORIENTATION) ?? 1) >= 5;
  // ExtraSamples 1 and 2 are associated and unassociated alpha.
  const extra = tags.get(TIFF_EXTRA_SAMPLES);
  return {
    mime: 'image/tiff',
    width: sideways ? height : width,
    height: sideways ? width : height,
    hasAlpha: extra === 1 || extra === 2,
  };
}

/** A Windows bitmap; `BM` alone is too common a start, so the info header must make sense. */
function readBmp(bytes: Buffer): HeaderImage | undefined {
  if (bytes.length < 26 || bytes.toString('latin1', 0, 2) !== 'BM') return undefined;
  const headerSize = bytes.readUInt32LE(14);
  if (!BMP_HEADER_SIZES.has(headerSize) || bytes.length < 14 + headerSize) return undefined;

  if (headerSize === 12) {
    const [width, height] = [bytes.readUInt16LE(18), bytes.readUInt16LE(20)];
    const valid = width > 0 && height > 0 && bytes.readUInt16LE(22) === 1;
    return valid ? { mime: 'image/bmp', width, height, hasAlpha: false } : undefined;
  }

  // A negative height means the rows are stored top-down.
  const [width, height] = [bytes.readInt32LE(18), Math.abs(bytes.readInt32LE(22))];
  if (width <= 0 || height <= 0 || bytes.readUInt16LE(26) !== 1) return undefined;
  // Only a 32-bit bitmap with an alpha mask (V3 headers and later) is transparent.
  const hasAlpha =
    headerSize >= 56 && bytes.readUInt16LE(28) === 32 && bytes.readUInt32LE(66) !== 0;
  return { mime: 'image/bmp', width, height, hasAlpha };
}

/** A Windows icon (`00 00 01 00`), sized by its largest image; icons carry transparency. */
function readIco(bytes: Buffer): HeaderImage | undefined {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x00010000) return undefined;
  const count = bytes.readUInt16LE(4);
  if (count === 0 || bytes.length < 6 + count * 16) return undefined;

  let largest: { width: number; height: number } | undefined;
  for (let index = 0; index < count; index += 1) {
    const entry = 6 + index * 16;
    const [size, offset] = [bytes.readUInt32LE(entry + 8), bytes.readUInt32LE(entry + 12)];
    const valid = bytes[entry + 3] === 0 && size > 0 && offset >= 6 + count * 16;
    if (!valid || offset + size > bytes.length) return undefined;

    // A side of 0 stands for 256.
    const width = bytes[entry] || 256;
    const height = bytes[entry + 1] || 256;
    if (!largest || width * height > largest.width * largest.height) largest = { width, height };
  }
  return largest && { mime: 'image/x-icon', ...largest, hasAlpha: true };
}

/** The image a file's first bytes describe, for the formats sharp cannot read; else undefined. */
export function sniffHeader(bytes: Buffer): HeaderImage | undefined {
  return readTiff(bytes) ?? readBmp(bytes) ?? readIco(bytes);
}
