/**
 * The per-file state machine: concurrency, fresh auth params for every attempt, automatic
 * retries with backoff, save-only retries, cancel, and waiting out offline spells. No DOM here:
 * every effect comes in through `QueueDeps`, so it runs under Node's test runner too.
 * @module
 */

import { AuthPool } from './auth-pool.ts';
import { Slots } from './slots.ts';
import { QueueError, toQueueError } from './errors.ts';
import { canCancel, canRetry, snapshot } from './queue-entry.ts';
import type { Entry } from './queue-entry.ts';
import type { QueueCounts, QueueDeps, QueueHooks, QueueOptions } from './queue-types.ts';
import type { FileState, UploaderFile } from './types.ts';
import type { FileLike, ValidationCode } from './validate.ts';

export { canCancel, canRetry } from './queue-entry.ts';

export type {
  QueueCounts,
  QueueDeps,
  QueueHooks,
  QueueOptions,
  UploadGrant,
  UploadRequest,
} from './queue-types.ts';

const PENDING: readonly FileState[] = ['queued', 'authorizing', 'uploading', 'saving'];

let nextId = 1;

export class UploadQueue<F extends FileLike> {
  concurrency: number;
  saveConcurrency: number;
  maxAutoRetries: number;
  retryDelay: number;

  private readonly entries: Entry<F>[] = [];
  private workSinceComplete = false;
  private readonly saveSlots = new Slots(() => this.saveConcurrency);
  private readonly pool: AuthPool;

  constructor(
    private readonly deps: QueueDeps<F>,
    private readonly hooks: QueueHooks = {},
    options: QueueOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 3;
    this.saveConcurrency = options.saveConcurrency ?? 3;
    this.maxAutoRetries = options.maxAutoRetries ?? 3;
    this.retryDelay = options.retryDelay ?? 1000;
    this.pool = new AuthPool({
      fetch: (count) => this.deps.fetchAuthParams(count),
      upcoming: () => this.entries.filter((e) => e.state === 'queued' && !e.running).length,
      lowWater: () => this.concurrency,
    });
  }

  /** Snapshots of every file, in the order they were added. */
  get files(): UploaderFile[] {
    return this.entries.map((entry) => snapshot(entry));
  }

  /** True while any file is waiting, uploading or saving. */
  get busy(): boolean {
    return this.entries.some((entry) => entry.running || PENDING.includes(entry.state));
  }

  /** The file object behind an entry (for previews). */
  source(id: string): F | undefined {
    return this.find(id)?.file;
  }

  counts(): QueueCounts {
    const count = (state: FileState) => this.entries.filter((e) => e.state === state).length;
    return { done: count('done'), failed: count('failed'), canceled: count('canceled') };
  }

  /** Queues files that passed validation and starts as many as concurrency allows. */
  add(files: readonly F[]): UploaderFile[] {
    const added = files.map((file) => this.createEntry(file, 'queued'));
    this.hooks.onChange?.();
    this.pump();
    return added.map((entry) => snapshot(entry));
  }

  /** Lists a file refused by validation so the reason shows beside it. */
  addRejected(file: F, code: ValidationCode, message: string): UploaderFile {
    const entry = this.createEntry(file, 'failed');
    entry.error = new QueueError(code, message, { retryable: false });
    this.hooks.onError?.(snapshot(entry));
    this.hooks.onChange?.();
    return snapshot(entry);
  }

  canCancel(id: string): boolean {
    const entry = this.find(id);
    return Boolean(entry && canCancel(snapshot(entry)));
  }

  canRetry(id: string): boolean {
    const entry = this.find(id);
    return Boolean(entry && canRetry(snapshot(entry)));
  }

  /** Drops prefetched auth params, e.g. when the endpoint or the signed-in user changes. */
  resetAuth(): void {
    this.pool.reset();
  }

  cancel(id: string): void {
    const entry = this.find(id);
    if (!entry || !this.canCancel(id)) return;

    entry.controller?.abort();
    entry.state = 'canceled';
    entry.retrying = false;
    entry.waitingForNetwork = false;
    this.hooks.onCancel?.(snapshot(entry));
    this.hooks.onChange?.();
    this.checkComplete();
  }

  /** A manual retry: repeats only the save when the upload already succeeded. */
  retry(id: string): void {
    const entry = this.find(id);
    if (!entry || !this.canRetry(id)) return;

    entry.autoRetries = 0;
    entry.error = undefined;
    this.workSinceComplete = true;

    if (entry.uploaded) {
      void this.run(entry, (signal) => this.saveLoop(entry, signal));
      return;
    }

    entry.state = 'queued';
    entry.loaded = 0;
    this.hooks.onChange?.();
    this.pump();
  }

  /** Drops a file from the list, canceling it first when it is still in flight. */
  remove(id: string): void {
    const index = this.entries.findIndex((entry) => entry.id === id);
    if (index === -1) return;

    const entry = this.entries[index];
    entry.controller?.abort();
    this.entries.splice(index, 1);
    this.hooks.onChange?.();
    this.checkComplete();
  }

  /** Cancels everything in flight and empties the list. */
  clear(): void {
    for (const entry of this.entries) entry.controller?.abort();
    this.entries.length = 0;
    this.workSinceComplete = false;
    this.pool.reset();
    this.hooks.onChange?.();
  }

  private createEntry(file: F, state: FileState): Entry<F> {
    const entry: Entry<F> = {
      id: `iku-${nextId++}`,
      file,
      state,
      loaded: 0,
      attempts: 0,
      autoRetries: 0,
      running: false,
      slot: false,
      retrying: false,
      waitingForNetwork: false,
    };
    this.entries.push(entry);
    return entry;
  }

  private find(id: string): Entry<F> | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /**
   * Starts queued files while upload slots are free. Auth params come from the pool, which asks
   * the backend for the files about to start in one batched request.
   */
  private pump(): void {
    let free = this.concurrency - this.entries.filter((entry) => entry.slot).length;

    for (const entry of this.entries) {
      if (free <= 0) break;
      if (entry.state !== 'queued' || entry.running) continue;

      free--;
      this.workSinceComplete = true;
      entry.slot = true;
      entry.state = 'authorizing';
      void this.run(entry, (signal) => this.uploadLoop(entry, signal));
    }

    this.pool.refill();
    this.hooks.onChange?.();
  }

  /** Owns the entry for the duration of `work`, then refills the queue. */
  private async run(entry: Entry<F>, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    entry.running = true;

    try {
      await work(controller.signal);
    } finally {
      // A manual retry may already own the entry with a newer run; leave that one alone.
      if (entry.controller === controller) {
        entry.running = false;
        entry.slot = false;
        entry.controller = undefined;
      }
      this.pump();
      this.checkComplete();
    }
  }

  private async uploadLoop(entry: Entry<F>, signal: AbortSignal): Promise<void> {
    for (;;) {
      try {
        entry.state = 'authorizing';
        // Every attempt gets a set of its own: tokens are single-use.
        const granted = await this.pool.take(signal).catch((error: unknown) => {
          throw toQueueError(error, 'auth-params-failed');
        });
        if (signal.aborted) return;

        entry.attempts++;
        entry.state = 'uploading';
        entry.loaded = 0;
        entry.retrying = false;
        this.hooks.onStart?.(snapshot(entry));
        this.hooks.onChange?.();

        entry.uploaded = await this.deps.upload({
          file: entry.file,
          grant: granted,
          signal,
          onProgress: (loaded, total) => this.progress(entry, loaded, total),
        });
        break;
      } catch (error) {
        if (signal.aborted) return;
        if (!(await this.recover(entry, toQueueError(error, 'unknown'), signal))) return;
      }
    }

    // The save is a small request of its own; the next upload need not wait for it.
    entry.loaded = entry.file.size;
    entry.slot = false;
    entry.state = 'saving';
    this.pump();
    await this.saveLoop(entry, signal);
  }

  private async saveLoop(entry: Entry<F>, signal: AbortSignal): Promise<void> {
    const uploaded = entry.uploaded;
    if (!uploaded) return;

    for (;;) {
      entry.state = 'saving';
      entry.retrying = false;
      this.hooks.onChange?.();

      try {
        const row = await this.saveSlots.run(() =>
          signal.aborted ? null : this.deps.save(uploaded),
        );
        if (signal.aborted || !row) return;

        entry.row = row;
        entry.state = 'done';
        this.hooks.onSuccess?.(snapshot(entry), row);
        this.hooks.onChange?.();
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!(await this.recover(entry, toQueueError(error, 'save-failed'), signal))) return;
      }
    }
  }

  /**
   * Decides whether a failed step runs again. Offline failures wait for `online` without
   * spending a retry; other retryable ones back off, at most `maxAutoRetries` times.
   */
  private async recover(entry: Entry<F>, error: QueueError, signal: AbortSignal): Promise<boolean> {
    if (error.retryable && !this.deps.isOnline()) {
      entry.waitingForNetwork = true;
      this.hooks.onChange?.();
      await this.deps.waitForOnline(signal);
      entry.waitingForNetwork = false;
      return !signal.aborted;
    }

    if (!error.retryable || entry.autoRetries >= this.maxAutoRetries) {
      entry.state = 'failed';
      entry.error = error;
      entry.retrying = false;
      this.hooks.onError?.(snapshot(entry));
      this.hooks.onChange?.();
      return false;
    }

    entry.autoRetries++;
    entry.retrying = true;
    this.hooks.onChange?.();

    const jitter = 0.75 + Math.random() * 0.5;
    await this.deps.sleep(this.retryDelay * 2 ** (entry.autoRetries - 1) * jitter, signal);
    if (!this.deps.isOnline()) return this.recover(entry, error, signal);
    return !signal.aborted;
  }

  private progress(entry: Entry<F>, loaded: number, total: number): void {
    if (entry.state !== 'uploading' || total <= 0) return;

    // The request carries form fields too; report the file's share so bytes match its size.
    entry.loaded = Math.min(entry.file.size, Math.round((loaded / total) * entry.file.size));
    this.hooks.onProgress?.(snapshot(entry));
    this.hooks.onChange?.();
  }

  private checkComplete(): void {
    if (!this.workSinceComplete || this.busy) return;

    this.workSinceComplete = false;
    this.hooks.onComplete?.(this.counts());
  }
}
