/**
 * The per-file state machine: concurrency, fresh auth params for every attempt, automatic
 * retries with backoff, save-only retries, cancel, and waiting out offline spells. No DOM here:
 * every effect comes in through `QueueDeps`, so it runs under Node's test runner too.
 * @module
 */

import { AuthPool } from './auth-pool.ts';
import { FileSteps } from './file-steps.ts';
import { Slots } from './slots.ts';
import type { QueueError } from './errors.ts';
import { canCancel, canRetry, setState, snapshot } from './queue-entry.ts';
import type { Entry } from './queue-entry.ts';
import type { QueueCounts, QueueDeps, QueueHooks, QueueOptions } from './queue-types.ts';
import type { FileState, UploaderFile } from './types.ts';
import type { FileLike } from './validate.ts';

export { canCancel, canRetry } from './queue-entry.ts';

export type * from './queue-types.ts';

const PENDING: readonly FileState[] = ['queued', 'authorizing', 'uploading', 'saving'];

let nextId = 1;

export class UploadQueue<F extends FileLike> {
  readonly #entries: Entry<F>[] = [];
  /** Files worked on since the last completion that are still listed. */
  readonly #touched = new Set<Entry<F>>();
  readonly #saveSlots = new Slots(() => this.#options.saveConcurrency ?? 3);
  readonly #pool: AuthPool;
  readonly #steps: FileSteps<F>;
  readonly #hooks: QueueHooks;
  readonly #options: QueueOptions;

  constructor(deps: QueueDeps<F>, hooks: QueueHooks = {}, options: QueueOptions = {}) {
    this.#hooks = hooks;
    this.#options = options;
    this.#pool = new AuthPool({
      deps,
      options,
      upcoming: () => this.#entries.filter((e) => e.state === 'queued' && !e.running).length,
      lowWater: () => this.#concurrency,
    });
    this.#steps = new FileSteps({
      deps,
      hooks,
      options,
      pool: this.#pool,
      saveSlots: this.#saveSlots,
      released: () => this.#pump(),
    });
  }

  /** Snapshots of every file, in the order they were added. */
  get files(): UploaderFile[] {
    return this.#entries.map((entry) => snapshot(entry));
  }

  /** True while any file is waiting, uploading or saving. */
  get busy(): boolean {
    return this.#entries.some((entry) => entry.running || PENDING.includes(entry.state));
  }

  /** The file object behind an entry (for previews). */
  source(id: string): F | undefined {
    return this.#find(id)?.file;
  }

  counts(): QueueCounts {
    const count = (state: FileState) => this.#entries.filter((e) => e.state === state).length;
    return { done: count('done'), failed: count('failed'), canceled: count('canceled') };
  }

  /**
   * Lists files in the order given and starts as many as concurrency allows. A file with an entry
   * in `refusals` is listed as failed with it, never to run. When `check` is given, every other
   * file waits for it before any request, and fails with the error it answers, if any.
   */
  add(
    files: readonly F[],
    refusals: readonly (QueueError | undefined)[] = [],
    check?: (file: F) => Promise<QueueError | undefined>,
  ): UploaderFile[] {
    const added = files.map((file, index) => {
      const entry = this.#createEntry(file, refusals[index] ? 'failed' : 'queued');
      entry.error = refusals[index];
      if (!entry.error) this.#touched.add(entry);
      return entry;
    });

    this.#announce(added);
    for (const entry of added) if (entry.error) this.#hooks.onError?.(snapshot(entry));
    const unrefused = added.filter((entry) => !entry.error);
    if (check && unrefused.length > 0) this.#check(unrefused, check);
    this.#pump();
    return added.map((entry) => snapshot(entry));
  }

  /** Starts more files when the concurrency went up. */
  refresh(): void {
    this.#pump();
  }

  cancel(id: string): void {
    const entry = this.#find(id);
    if (!entry || !canCancel(snapshot(entry))) return;

    entry.controller?.abort();
    entry.retrying = false;
    entry.waitingForNetwork = false;
    setState(entry, this.#hooks, 'canceled');
    this.#hooks.onCancel?.(snapshot(entry));
    this.#checkComplete();
  }

  /** A manual retry: repeats only the save when the upload already succeeded. */
  retry(id: string): void {
    const entry = this.#find(id);
    if (!entry || !canRetry(snapshot(entry))) return;

    entry.autoRetries = 0;
    entry.error = undefined;
    this.#touched.add(entry);

    if (entry.uploaded) {
      void this.#run(entry, (signal) => this.#steps.save(entry, signal));
      return;
    }

    entry.loaded = 0;
    setState(entry, this.#hooks, 'queued');
    this.#pump();
  }

  /**
   * Drops a file from the list, canceling it first when it is still in flight. A file gone from
   * the list is no longer reported, not even in the completion counts.
   */
  remove(id: string): void {
    const index = this.#entries.findIndex((entry) => entry.id === id);
    if (index === -1) return;

    const entry = this.#entries[index];
    entry.controller?.abort();
    this.#entries.splice(index, 1);
    this.#touched.delete(entry);
    this.#hooks.onChange?.();
    this.#checkComplete();
  }

  /** Cancels everything in flight and empties the list. */
  clear(): void {
    for (const entry of this.#entries) entry.controller?.abort();
    this.#entries.length = 0;
    this.#touched.clear();
    this.#pool.reset();
    this.#hooks.onChange?.();
  }

  get #concurrency(): number {
    return this.#options.concurrency ?? 3;
  }

  #createEntry(file: F, state: FileState): Entry<F> {
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
    this.#entries.push(entry);
    return entry;
  }

  /** Reports files that just joined the list in their first state. */
  #announce(entries: Entry<F>[]): void {
    this.#hooks.onChange?.();
    for (const entry of entries) this.#hooks.onState?.(snapshot(entry), null);
  }

  /**
   * Holds the entries back (as if they ran) until `check` has answered for all of them, so they
   * still start together and share one auth request. One may be canceled meanwhile, and even
   * retried: it is then refused or started as the answer says.
   */
  #check(entries: Entry<F>[], check: (file: F) => Promise<QueueError | undefined>): void {
    for (const entry of entries) entry.running = true;

    void Promise.all(entries.map((entry) => check(entry.file))).then((errors) => {
      entries.forEach((entry, index) => {
        entry.running = false;
        if (errors[index] && entry.state === 'queued' && this.#entries.includes(entry)) {
          entry.error = errors[index];
          setState(entry, this.#hooks, 'failed');
          this.#hooks.onError?.(snapshot(entry));
        }
      });
      this.#pump();
      this.#checkComplete();
    });
  }

  #find(id: string): Entry<F> | undefined {
    return this.#entries.find((entry) => entry.id === id);
  }

  /**
   * Starts queued files while upload slots are free. Auth params come from the pool, which asks
   * the backend for the files about to start in one batched request.
   */
  #pump(): void {
    let free = this.#concurrency - this.#entries.filter((entry) => entry.slot).length;

    for (const entry of this.#entries) {
      if (free <= 0) break;
      if (entry.state !== 'queued' || entry.running) continue;

      free--;
      entry.slot = true;
      void this.#run(entry, (signal) => this.#steps.uploadAndSave(entry, signal));
    }

    this.#pool.refill();
    this.#hooks.onChange?.();
  }

  /** Owns the entry for the duration of `work`, then refills the queue. */
  async #run(entry: Entry<F>, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
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
      this.#pump();
      this.#checkComplete();
    }
  }

  #checkComplete(): void {
    if (this.busy) return;

    // Nothing to report when every file worked on since the last report was removed.
    const worked = this.#touched.size > 0;
    this.#touched.clear();
    if (worked) this.#hooks.onComplete?.(this.counts());
  }
}
