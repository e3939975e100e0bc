import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a JSON file, or returns `fallback` when it does not exist yet. */
export async function readJsonFile(file: string, fallback: unknown): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/**
 * Keeps one JSON file in step with in-memory state. Writes go to a temporary file that is then
 * renamed over the old one, so a crash leaves either the old or the new content, never half.
 * Writes are serialised; a write requested while one runs is folded into the next.
 */
export class JsonFileWriter {
  private pending: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
  ) {}

  save(): Promise<void> {
    if (this.queued) return this.pending;
    this.queued = true;

    // A failed write is reported to its callers but does not stop later writes.
    this.pending = this.pending
      .catch(() => undefined)
      .then(async () => {
        this.queued = false;
        const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temporary, JSON.stringify(this.snapshot()));
        await rename(temporary, this.file);
      });
    return this.pending;
  }
}
