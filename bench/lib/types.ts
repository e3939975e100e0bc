/**
 * What every benchmark returns to the runner: table rows for the printed summary and the raw
 * figures for `bench/results/<name>.json`.
 *
 * @module
 */

/** A goal is met, missed, or there is none for the row (an informative figure). */
export type Verdict = 'met' | 'MISSED' | '';

/** One line of the printed table. */
export interface Row {
  metric: string;
  ours: string;
  reference: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
}

export interface BenchResult {
  rows: Row[];
  /** Everything measured, per round where there were rounds; written as JSON. */
  details: Record<string, unknown>;
  /** Plain-language notes for the reader (what was measured how, and what went wrong). */
  notes: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  run(): Promise<BenchResult>;
}
