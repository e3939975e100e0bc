/**
 * The steps of one file: take auth params, upload, save, and decide after a failure whether the
 * step runs again. The queue decides when a file runs; this decides what happens while it does.
 * @module
 */

import type { AuthPool } from './auth-pool.ts';
import { backoffDelay, maxRetries } from './backoff.ts';
import { toQueueError } from './errors.ts';
import type { QueueError } from './errors.ts';
import { setState, snapshot } from './queue-entry.ts';
import type { Entry } from './queue-entry.ts';
import type { QueueDeps, QueueHooks, QueueOptions } from './queue-types.ts';
import type { Slots } from './slots.ts';
import type { FileLike } from './validate.ts';

export interface StepsContext<F> {
  deps: QueueDeps<F>;
  hooks: QueueHooks;
  options: QueueOptions;
  pool: AuthPool;
  saveSlots: Slots;
  /** The file gave its upload slot back; another may start. */
  released(): void;
}

export class FileSteps<F extends FileLike> {
  readonly #ctx: StepsContext<F>;

  constructor(ctx: StepsContext<F>) {
    this.#ctx = ctx;
  }

  /** Uploads with fresh params for every attempt, then saves. */
  async uploadAndSave(entry: Entry<F>, signal: AbortSignal): Promise<void> {
    const { deps, hooks, pool } = this.#ctx;

    for (;;) {
      try {
        setState(entry, hooks, 'authorizing');
        // Every attempt gets a set of its own: tokens are single-use.
        const granted = await pool.take(signal).catch((error: unknown) => {
          throw toQueueError(error, 'auth-params-failed');
        });
        if (signal.aborted) return;

        entry.attempts++;
        entry.loaded = 0;
        entry.retrying = false;
        setState(entry, hooks, 'uploading');
        hooks.onStart?.(snapshot(entry));

        entry.uploaded = await deps.upload({
          file: entry.file,
          grant: granted,
          signal,
          onProgress: (loaded, total) => this.#progress(entry, loaded, total),
        });
        entry.backend = granted.backend;
        break;
      } catch (error) {
        if (signal.aborted) return;
        if (!(await this.#recover(entry, toQueueError(error, 'unknown'), signal))) return;
      }
    }

    // The save is a small request of its own; the next upload need not wait for it. Its retries
    // are its own too: failed upload attempts say nothing about the backend.
    entry.loaded = entry.file.size;
    entry.slot = false;
    entry.autoRetries = 0;
    setState(entry, hooks, 'saving');
    this.#ctx.released();
    await this.save(entry, signal);
  }

  /** Saves an uploaded file at the backend that signed its upload. */
  async save(entry: Entry<F>, signal: AbortSignal): Promise<void> {
    const { uploaded, backend } = entry;
    const { hooks, saveSlots } = this.#ctx;
    if (!uploaded || !backend) return;

    for (;;) {
      entry.retrying = false;
      setState(entry, hooks, 'saving');

      try {
        // Aborting (remove, clear, form reset) ends the request; see BackendClient.save.
        const row = await saveSlots.run(() =>
          signal.aborted ? null : backend.save(uploaded, signal),
        );
        if (signal.aborted || !row) return;

        entry.row = row;
        setState(entry, hooks, 'done');
        hooks.onSuccess?.(snapshot(entry), row);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!(await this.#recover(entry, toQueueError(error, 'save-failed'), signal))) return;
      }
    }
  }

  /**
   * Decides whether a failed step runs again. Offline failures wait for `online` without
   * spending a retry; other retryable ones back off, at most `maxAutoRetries` times.
   */
  async #recover(entry: Entry<F>, error: QueueError, signal: AbortSignal): Promise<boolean> {
    const { deps, hooks, options } = this.#ctx;

    if (error.retryable && !deps.isOnline()) {
      entry.waitingForNetwork = true;
      hooks.onChange?.();
      await deps.waitForOnline(signal);
      entry.waitingForNetwork = false;
      return !signal.aborted;
    }

    if (!error.retryable || entry.autoRetries >= maxRetries(options)) {
      entry.error = error;
      entry.retrying = false;
      setState(entry, hooks, 'failed');
      hooks.onError?.(snapshot(entry));
      return false;
    }

    entry.autoRetries++;
    entry.retrying = true;
    hooks.onChange?.();

    await deps.sleep(backoffDelay(options, entry.autoRetries, error), signal);
    if (!deps.isOnline()) return this.#recover(entry, error, signal);
    return !signal.aborted;
  }

  #progress(entry: Entry<F>, loaded: number, total: number): void {
    if (entry.state !== 'uploading' || total <= 0) return;

    // The request carries form fields too; report the file's share so bytes match its size.
    const { hooks } = this.#ctx;
    entry.loaded = Math.min(entry.file.size, Math.round((loaded / total) * entry.file.size));
    hooks.onChange?.();
    hooks.onProgress?.(snapshot(entry));
  }
}
