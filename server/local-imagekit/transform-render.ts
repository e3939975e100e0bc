import sharp from 'sharp';
import type { FitEnum, Metadata, Sharp } from 'sharp';

import type { TransformStep } from './transform-parse.ts';
import { checkTransformSize, MAX_INPUT_PIXELS, pixels, type Size } from './transform-size.ts';

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export const OUTPUT_MIME: Record<OutputFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

const FIT: Record<NonNullable<TransformStep['crop']>, keyof FitEnum> = {
  maintain_ratio: 'cover',
  force: 'fill',
  at_max: 'inside',
  at_least: 'outside',
};

/**
 * The format a transformed image is written in: the last `f` asked for (`auto` picks what the
 * browser's Accept header allows), else the source format when browsers show it, else PNG or JPEG.
 */
export function chooseFormat(
  steps: TransformStep[],
  sourceMime: string,
  hasAlpha: boolean,
  accept: string,
): OutputFormat {
  const asked = steps.findLast((step) => step.format !== undefined)?.format;

  if (asked === 'auto') {
    if (accept.includes('image/avif')) return 'avif';
    if (accept.includes('image/webp')) return 'webp';
  }
  if (asked === 'webp' || asked === 'png' || asked === 'avif') return asked;
  if (asked === 'jpg') return 'jpeg';

  const source = Object.entries(OUTPUT_MIME).find(([, mime]) => mime === sourceMime)?.[0];
  if (source) return source as OutputFormat;
  return hasAlpha ? 'png' : 'jpeg';
}

function applyStep(image: Sharp, current: Size, step: TransformStep): Sharp {
  const width = pixels(step.width, current.width);
  const height = pixels(step.height, current.height);

  let next = image;
  if (width !== undefined || height !== undefined) {
    next = next.resize({ width, height, fit: FIT[step.crop ?? 'maintain_ratio'] });
  }
  if (typeof step.rotate === 'number' && step.rotate % 360 !== 0) {
    next = next.rotate(step.rotate, { background: { r: 0, g: 0, b: 0, alpha: 0 } });
  }
  if (step.blur !== undefined) next = next.blur(Math.max(0.3, step.blur / 2));
  return next;
}

interface RawImage {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

// Formats sharp writes as animations; any other output takes the first frame.
const ANIMATED_FORMATS = new Set<OutputFormat>(['gif', 'webp']);
// sharp's names of the formats whose pages are frames of an animation.
const ANIMATED_SOURCES = new Set(['gif', 'webp']);

/** Runs the chained steps on raw pixels, each on the result of the one before. */
async function runSteps(start: RawImage, steps: TransformStep[]): Promise<RawImage> {
  // Steps hand raw pixels to each other: no encoding cost and no quality lost between them.
  let current = start;
  for (const step of steps) {
    const { width, height, channels } = current.info;
    const image = applyStep(
      sharp(current.data, { raw: { width, height, channels } }),
      current.info,
      step,
    );
    current = await image.raw().toBuffer({ resolveWithObject: true });
  }
  return current;
}

/**
 * Renders every frame of an animation through the steps, one frame at a time (sharp resizes a
 * multi-page image as one tall strip and cannot rotate it), then writes them back as frames.
 */
async function renderAnimation(
  source: Buffer,
  meta: Metadata,
  steps: TransformStep[],
  format: OutputFormat,
  quality: number,
): Promise<Buffer> {
  const all = await sharp(source, { animated: true, limitInputPixels: MAX_INPUT_PIXELS })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, channels } = all.info;
  const pageHeight = all.info.pageHeight ?? meta.height ?? all.info.height;
  const frameBytes = width * pageHeight * channels;

  const frames: RawImage[] = [];
  for (let offset = 0; offset < all.data.length; offset += frameBytes) {
    const frame = {
      data: all.data.subarray(offset, offset + frameBytes),
      info: { width, height: pageHeight, channels },
    };
    frames.push(await runSteps(frame, steps));
  }

  const { info } = frames[0]!;
  const strip = Buffer.concat(frames.map((frame) => frame.data));
  const raw = {
    width: info.width,
    height: info.height * frames.length,
    channels: info.channels,
    pageHeight: info.height,
  };
  return sharp(strip, { raw, limitInputPixels: false })
    .toFormat(format, { quality, delay: meta.delay, loop: meta.loop })
    .toBuffer();
}

/** A frame's size as a viewer sees it: EXIF orientations 5-8 swap the sides. */
function uprightSize(meta: Metadata): Size {
  const [width, height] = [meta.width ?? 0, meta.height ?? 0];
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * Renders a transformation with sharp. The image is first turned upright by its EXIF
 * orientation; each chained step then works on the result of the one before. An animated GIF or
 * WebP stays animated when written as GIF or WebP, each frame transformed alike; a multi-page
 * TIFF gives its first page.
 *
 * @throws {TransformLimitError} when the source or a step's result is too large to render.
 */
export async function renderTransformation(
  source: Buffer,
  steps: TransformStep[],
  format: OutputFormat,
): Promise<Buffer> {
  // Only the header is read here; the limits are checked before any pixel is decoded.
  // The first frame's size, and how many frames there are.
  const meta = await sharp(source, { limitInputPixels: false }).metadata();
  // Pages of a TIFF are separate pictures, not frames: only a GIF or WebP source animates.
  const animated = ANIMATED_FORMATS.has(format) && ANIMATED_SOURCES.has(meta.format ?? '');
  const frames = animated ? (meta.pages ?? 1) : 1;
  checkTransformSize(uprightSize(meta), steps, frames);

  const quality = steps.findLast((step) => step.quality !== undefined)?.quality ?? 80;
  if (frames > 1) return renderAnimation(source, meta, steps, format, quality);

  const start = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { data, info } = await runSteps(start, steps);
  const { width, height, channels } = info;
  return sharp(data, { raw: { width, height, channels } }).toFormat(format, { quality }).toBuffer();
}
