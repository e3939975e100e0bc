import type { TransformStep } from './transform-parse.ts';

/** ImageKit's published limit for an image it transforms (input or output): 100 megapixels. */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * The stand-in renders at most this many pixels per step. ImageKit allows 100 MP, but rendering
 * that in a dev process takes seconds and gigabytes (a 10000x10000 result rotated is 200 MP).
 */
export const MAX_OUTPUT_PIXELS = 25_000_000;

export interface Size {
  width: number;
  height: number;
}

/** A transformation the stand-in refuses to render because of its size; answered 400. */
export class TransformLimitError extends Error {
  override name = 'TransformLimitError';
}

/** A size from a transformation: pixels, or a share of the current size when below 1. */
export function pixels(size: number | undefined, current: number): number | undefined {
  if (size === undefined) return undefined;
  return Math.max(1, Math.round(size < 1 ? size * current : size));
}

function resized(current: Size, step: TransformStep): Size {
  const width = pixels(step.width, current.width);
  const height = pixels(step.height, current.height);
  if (width === undefined && height === undefined) return current;
  if (width === undefined) {
    return { width: Math.round((current.width * height!) / current.height), height: height! };
  }
  if (height === undefined) {
    return { width, height: Math.round((current.height * width) / current.width) };
  }

  const crop = step.crop ?? 'maintain_ratio';
  if (crop === 'maintain_ratio' || crop === 'force') return { width, height };
  const ratios = [width / current.width, height / current.height];
  const scale = crop === 'at_max' ? Math.min(...ratios) : Math.max(...ratios);
  return { width: Math.round(current.width * scale), height: Math.round(current.height * scale) };
}

function rotated(current: Size, rotate: TransformStep['rotate']): Size {
  if (typeof rotate !== 'number' || rotate % 360 === 0) return current;

  const radians = (rotate * Math.PI) / 180;
  const [cos, sin] = [Math.abs(Math.cos(radians)), Math.abs(Math.sin(radians))];
  return {
    width: Math.round(current.width * cos + current.height * sin),
    height: Math.round(current.width * sin + current.height * cos),
  };
}

/** The size one step makes of an image of `current` size, as sharp will render it. */
export function sizeAfter(current: Size, step: TransformStep): Size {
  return rotated(resized(current, step), step.rotate);
}

/**
 * Checks, before any pixel is decoded, that the source and every step's result stay within the
 * limits; a chain is checked at each step because each one is rendered in full. The frames of an
 * animation are held together once rendered: together they may have ImageKit's 100 MP.
 *
 * @param source the size of one frame, upright.
 * @throws {TransformLimitError} naming the size that is too large.
 */
export function checkTransformSize(source: Size, steps: TransformStep[], frames = 1): void {
  if (source.width * source.height * frames > MAX_INPUT_PIXELS) {
    const size = `${source.width}x${source.height} pixels`;
    throw new TransformLimitError(
      `The image is ${frames > 1 ? `${frames} frames of ${size}` : size}; ImageKit ` +
        `transforms images of up to ${MAX_INPUT_PIXELS / 1e6} megapixels.`,
    );
  }

  let current = source;
  for (const step of steps) {
    current = sizeAfter(current, step);
    if (current.width * current.height > MAX_OUTPUT_PIXELS) {
      throw new TransformLimitError(
        `The transformed image would be ${current.width}x${current.height} pixels; the local ` +
          `ImageKit renders up to ${MAX_OUTPUT_PIXELS / 1e6} megapixels.`,
      );
    }
    if (current.width * current.height * frames > MAX_INPUT_PIXELS) {
      throw new TransformLimitError(
        `The transformed animation would be ${frames} frames of ` +
          `${current.width}x${current.height} pixels; the local ImageKit renders up to ` +
          `${MAX_INPUT_PIXELS / 1e6} megapixels across all frames.`,
      );
    }
  }
}
