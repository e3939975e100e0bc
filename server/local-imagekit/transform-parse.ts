/** One step of an ImageKit transformation (the parts between `:`). */
export interface TransformStep {
  /** Pixels, or a share of the current size when below 1. */
  width?: number;
  height?: number;
  crop?: 'maintain_ratio' | 'force' | 'at_max' | 'at_least';
  quality?: number;
  format?: 'auto' | 'webp' | 'jpg' | 'png' | 'avif' | 'orig';
  blur?: number;
  rotate?: number | 'auto';
}

export type ParsedTransformation = { steps: TransformStep[] } | { error: string };

// Named transformations this account knows; ImageKit's media library thumbnail is built in.
const NAMED: Record<string, string> = {
  ik_ml_thumbnail: 'w-200,h-200',
};

const CROPS = new Set(['maintain_ratio', 'force', 'at_max', 'at_least']);
const FORMATS: Record<string, TransformStep['format']> = {
  auto: 'auto',
  webp: 'webp',
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  avif: 'avif',
  orig: 'orig',
};

function number(value: string, min: number, max: number): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed >= min && parsed <= max ? parsed : undefined;
}

/** Applies one `key-value` parameter to a step; returns an error message when it is not valid. */
function applyParam(step: TransformStep, key: string, value: string): string | undefined {
  switch (key) {
    case 'w':
    case 'h': {
      const size = number(value, 0, 10000);
      if (size === undefined || size === 0 || (size > 1 && !Number.isInteger(size))) break;
      if (key === 'w') step.width = size;
      else step.height = size;
      return undefined;
    }
    case 'c':
      if (!CROPS.has(value)) break;
      step.crop = value as TransformStep['crop'];
      return undefined;
    case 'q': {
      const quality = number(value, 1, 100);
      if (quality === undefined || !Number.isInteger(quality)) break;
      step.quality = quality;
      return undefined;
    }
    case 'f':
      if (!FORMATS[value]) break;
      step.format = FORMATS[value];
      return undefined;
    case 'bl': {
      const blur = number(value, 1, 100);
      if (blur === undefined) break;
      step.blur = blur;
      return undefined;
    }
    case 'rt': {
      if (value === 'auto') {
        step.rotate = 'auto';
        return undefined;
      }
      const angle = /^N?\d+$/.test(value) ? Number(value.replace('N', '-')) : NaN;
      if (!Number.isInteger(angle) || Math.abs(angle) > 360) break;
      step.rotate = angle;
      return undefined;
    }
    default:
      return `Unsupported transformation parameter '${key}'.`;
  }
  return `Invalid value '${value}' for transformation parameter '${key}'.`;
}

function parseStep(text: string, depth: number): TransformStep[] | string {
  const step: TransformStep = {};
  const steps: TransformStep[] = [];

  for (const param of text.split(',').filter(Boolean)) {
    const dash = param.indexOf('-');
    if (dash <= 0) return `Invalid transformation parameter '${param}'.`;
    const key = param.slice(0, dash);
    const value = param.slice(dash + 1);

    if (key === 'n') {
      const named = NAMED[value];
      if (!named || depth > 0) return `Unknown named transformation '${value}'.`;
      const expanded = parseStep(named, depth + 1);
      if (typeof expanded === 'string') return expanded;
      steps.push(...expanded);
      continue;
    }

    const problem = applyParam(step, key, value);
    if (problem) return problem;
  }

  if (Object.keys(step).length > 0) steps.push(step);
  return steps;
}

/** Parses `w-300,h-200:bl-10` (the text after `tr:` or in `?tr=`) into chained steps. */
export function parseTransformation(text: string): ParsedTransformation {
  const steps: TransformStep[] = [];
  for (const part of text.split(':')) {
    const parsed = parseStep(part, 0);
    if (typeof parsed === 'string') return { error: parsed };
    steps.push(...parsed);
  }
  return { steps };
}
