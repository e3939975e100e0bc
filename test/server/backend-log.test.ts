import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LOG_MODULE = path.resolve(import.meta.dirname, '../../server/log.ts');

/** Runs `body` in a fresh Node with the logger imported as `createLogger`; returns its stdout. */
async function stdoutOf(body: string): Promise<string> {
  const script = `import { createLogger } from ${JSON.stringify(LOG_MODULE)};\n${body}`;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script],
    { timeout: 30_000 },
  );
  return stdout;
}

describe('stdout logger', () => {
  test('writes one JSON line per call, in order', async () => {
    const stdout = await stdoutOf(`
      const logger = createLogger('info');
      for (let i = 0; i < 3; i += 1) logger.info('request', { n: i });
      logger.debug('dropped');
    `);

    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map(({ level, event, n }) => ({ level, event, n })),
      [0, 1, 2].map((n) => ({ level: 'info', event: 'request', n })),
    );
  });

  test('loses no buffered line when the process exits right after logging', async () => {
    const stdout = await stdoutOf(`
      const logger = createLogger('info');
      for (let i = 0; i < 500; i += 1) logger.info('request', { n: i });
      logger.error('last');
      process.exit(0);
    `);

    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 501);
    assert.equal(JSON.parse(lines[500]!).event, 'last');
  });
});
