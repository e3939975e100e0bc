/**
 * `npm run bench [-- name ...] [-- --no-build]`: builds the widget, runs the benchmarks one
 * after another, writes `bench/results/<name>.json` for each and prints one table.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundle } from './bundle.ts';
import { describeMachine } from './lib/machine.ts';
import { renderTable } from './lib/table.ts';
import { memory } from './memory.ts';
import { pipeline } from './pipeline.ts';
import { server } from './server.ts';
import type { Benchmark, Row } from './lib/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(import.meta.dirname, 'results');
const ALL: readonly Benchmark[] = [bundle, pipeline, server, memory];

function selected(args: string[]): Benchmark[] {
  const names = args.filter((arg) => !arg.startsWith('--'));
  if (names.length === 0) return [...ALL];

  const unknown = names.filter((name) => !ALL.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    const known = ALL.map((bench) => bench.name).join(', ');
    throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${known}`);
  }
  return ALL.filter((bench) => names.includes(bench.name));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const benches = selected(args);
  const machine = describeMachine();
  const started = Date.now();

  // Every benchmark but the server one measures or loads the built widget: build it from the
  // current source so the figures describe the code in the tree.
  if (!args.includes('--no-build') && benches.some((bench) => bench.name !== 'server')) {
    process.stdout.write('building the widget (npm run build)...\n');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  }

  await mkdir(RESULTS, { recursive: true });
  const rows: Array<Row & { benchmark: string }> = [];
  const notes: string[] = [];
  let failed = false;

  for (const bench of benches) {
    process.stdout.write(`\n== ${bench.name}: ${bench.title}\n`);
    const benchStarted = Date.now();

    try {
      const result = await bench.run();
      const seconds = (Date.now() - benchStarted) / 1000;
      const record = {
        name: bench.name,
        title: bench.title,
        date: new Date().toISOString(),
        seconds,
        machine,
        ...result,
      };
      await writeFile(
        path.join(RESULTS, `${bench.name}.json`),
        `${JSON.stringify(record, null, 2)}\n`,
      );

      rows.push(...result.rows.map((row) => ({ benchmark: bench.name, ...row })));
      notes.push(...result.notes.map((note) => `${bench.name}: ${note}`));
      process.stdout.write(`   done in ${seconds.toFixed(0)} s\n`);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`   ${bench.name} FAILED: ${message}\n`);
      rows.push({
        benchmark: bench.name,
        metric: 'benchmark failed (see output above)',
        ours: '',
        reference: '',
        ratio: '',
        goal: '',
        verdict: 'MISSED',
      });
    }
  }

  const total = (Date.now() - started) / 1000;
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  for (const note of notes) process.stdout.write(`- ${note}\n`);
  process.stdout.write(
    `\n${new Date().toISOString()}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
      `${machine.memory}, ` +
      `Node ${machine.node}, ${machine.chromium}; total ${total.toFixed(0)} s\n`,
  );

  // Missed goals are results, not failures; only a benchmark that could not run fails the command.
  if (failed) process.exitCode = 1;
}

await main();
