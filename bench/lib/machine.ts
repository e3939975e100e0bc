/**
 * The machine a run happened on, recorded beside every result.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { chromiumPath } from '../../test/helpers/chromium-path.mjs';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  chromium: string;
  os: string;
}

export function describeMachine(): Machine {
  let chromium = 'not found';
  if (chromiumPath) {
    try {
      chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      chromium = `unknown (${chromiumPath})`;
    }
  }

  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()}`,
  };
}
