import { join } from 'node:path';

import { JsonFileWriter, readJsonFile } from './json-file.ts';
import { KeyedLock } from './path-lock.ts';
import type { FileRecord } from './types.ts';

/** File records and used upload tokens, kept in memory and persisted under the data folder. */
export class LocalStore {
  readonly root: string;
  readonly filesDir: string;
  readonly cacheDir: string;

  private readonly records = new Map<string, FileRecord>();
  /** token -> Unix seconds after which it may be forgotten. */
  private readonly usedTokens = new Map<string, number>();
  private readonly recordsWriter: JsonFileWriter;
  private readonly tokensWriter: JsonFileWriter;
  private readonly pathLock = new KeyedLock();

  private constructor(dataDir: string) {
    this.root = join(dataDir, 'local-imagekit');
    this.filesDir = join(this.root, 'files');
    this.cacheDir = join(this.root, 'cache');
    this.recordsWriter = new JsonFileWriter(join(this.root, 'records.json'), () => [
      ...this.records.values(),
    ]);
    this.tokensWriter = new JsonFileWriter(join(this.root, 'used-tokens.json'), () =>
      Object.fromEntries(this.usedTokens),
    );
  }

  static async open(dataDir: string): Promise<LocalStore> {
    const store = new LocalStore(dataDir);

    const records = await readJsonFile(join(store.root, 'records.json'), []);
    if (!Array.isArray(records)) throw new Error('local-imagekit/records.json is not a list');
    for (const record of records as FileRecord[]) store.records.set(record.fileId, record);

    const tokens = await readJsonFile(join(store.root, 'used-tokens.json'), {});
    for (const [token, until] of Object.entries(tokens as Record<string, number>)) {
      store.usedTokens.set(token, until);
    }
    return store;
  }

  /**
   * Marks a token as used and tells whether it had been used before. The mark is persisted
   * before this resolves, so a restart right after cannot accept the token again.
   */
  async useToken(token: string, keepUntil: number): Promise<'fresh' | 'reused'> {
    const now = Math.floor(Date.now() / 1000);
    for (const [known, until] of this.usedTokens) {
      if (until < now) this.usedTokens.delete(known);
    }

    if (this.usedTokens.has(token)) return 'reused';
    this.usedTokens.set(token, keepUntil);
    await this.tokensWriter.save();
    return 'fresh';
  }

  get(fileId: string): FileRecord | undefined {
    return this.records.get(fileId);
  }

  findByPath(filePath: string): FileRecord | undefined {
    for (const record of this.records.values()) {
      if (record.filePath === filePath) return record;
    }
    return undefined;
  }

  /**
   * Runs `task` alone for one file path: a save's check for an existing file and its write and
   * record cannot interleave with another save or delete at the same path.
   */
  withPath<T>(filePath: string, task: () => Promise<T>): Promise<T> {
    return this.pathLock.run(filePath, task);
  }

  list(): FileRecord[] {
    return [...this.records.values()];
  }

  async put(record: FileRecord): Promise<void> {
    this.records.set(record.fileId, record);
    await this.recordsWriter.save();
  }

  async remove(fileId: string): Promise<void> {
    this.records.delete(fileId);
    await this.recordsWriter.save();
  }

  /** Where the bytes of a file path live on disk. */
  pathOnDisk(filePath: string): string {
    return join(this.filesDir, ...filePath.split('/').filter(Boolean));
  }

  async flush(): Promise<void> {
    await Promise.all([this.recordsWriter.save(), this.tokensWriter.save()]);
  }
}
