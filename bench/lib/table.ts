/**
 * The one table `npm run bench` prints at the end: a column per field, padded to fit.
 *
 * @module
 */
import type { Row } from './types.ts';

const HEADERS = ['benchmark', 'metric', 'ours', 'reference', 'ratio', 'goal', 'verdict'] as const;

export function renderTable(rows: ReadonlyArray<Row & { benchmark: string }>): string {
  const cells = rows.map((row) => [
    row.benchmark,
    row.metric,
    row.ours,
    row.reference,
    row.ratio,
    row.goal,
    row.verdict,
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => line[column]!.length)),
  );
  const format = (line: readonly string[]) =>
    `| ${line.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;

  return [
    format(HEADERS),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(format),
  ].join('\n');
}
