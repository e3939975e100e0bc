import sharp from 'sharp';
import type { FitEnum, Sharp } from 'sharp';

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

/** The source's size as a viewer sees it: EXIF orientations 5-8 swap the sides. */
async function uprightSize(source: Buffer): Promise<Size> {
  const meta = await sharp(source, { limitInputPixels: false }).metadata();
  const [width, height] = [meta.width ?? 0, meta.height ?? 0];
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * Renders a transformation with sharp.
 *
 * TODO: animated GIF and WebP come out as their first frame only; ImageKit keeps the animation. The image is first turned upright by its EXIF
 * orientation; each chained step then works on the result of the one before.
 *
 * @throws {TransformLimitError} when the source or a step's result is too large to render.
 */
export async function renderTransformation(
  source: Buffer,
  steps: TransformStep[],
  format: OutputFormat,
): Promise<Buffer> {
  checkTransformSize(await uprightSize(source), steps);

  // Steps hand raw pixels to each other: no encoding cost and no quality lost between them.
  let current = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient()
    .raw()
    .toBuffer({ resolveWithObject: true });

  for (const step of steps) {
    const { width, height, channels } = current.info;
    const image = applyStep(
      sharp(current.data, { raw: { width, height, channels } }),
      current.info,
      step,
    );
    current = await image.raw().toBuffer({ resolveWithObject: true });
  }

  const { width, height, channels } = current.info;
  const quality = steps.findLast((step) => step.quality !== undefined)?.quality ?? 80;
  return sharp(current.data, { raw: { width, height, channels } })
    .toFormat(format, { quality })
    .toBuffer();
}
