import type { FaultOptions } from './types.ts';

/** What the fault options decide for one upload. */
export interface FaultDecision {
  latencyMs: number;
  outcome: 'none' | 'error' | 'drop' | 'stall';
}

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new RangeError(`faults.${name} must be between 0 and 1, got ${value}`);
  }
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`faults.${name} must be a whole number of 0 or more, got ${value}`);
  }
}

/** Fault injection for uploads; every option is off unless set. */
export class Faults {
  private options: FaultOptions = {};
  private failNextLeft = 0;
  private stallNextLeft = 0;

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  set(options: FaultOptions): void {
    checkRate('errorRate', options.errorRate);
    checkRate('dropRate', options.dropRate);
    checkCount('latencyMs', options.latencyMs);
    checkCount('failNext', options.failNext);
    checkCount('stallNext', options.stallNext);

    this.options = { ...options };
    this.failNextLeft = options.failNext ?? 0;
    this.stallNextLeft = options.stallNext ?? 0;
  }

  /** Decides the fate of the next upload; `stallNext` and `failNext` go first, then the rates. */
  next(): FaultDecision {
    const latencyMs = this.options.latencyMs ?? 0;

    if (this.stallNextLeft > 0) {
      this.stallNextLeft -= 1;
      return { latencyMs, outcome: 'stall' };
    }
    if (this.failNextLeft > 0) {
      this.failNextLeft -= 1;
      return { latencyMs, outcome: 'error' };
    }
    if (Math.random() < (this.options.dropRate ?? 0)) return { latencyMs, outcome: 'drop' };
    if (Math.random() < (this.options.errorRate ?? 0)) return { latencyMs, outcome: 'error' };
    return { latencyMs, outcome: 'none' };
  }
}
