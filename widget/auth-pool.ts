/**
 * Single-use upload credentials fetched ahead of need. Each set leaves the pool once and is never
 * handed out again; a set close to its expiry is thrown away instead. One `count=N` request at a
 * time covers the files that are about to start, so a freed slot rarely waits on the backend. A
 * failed request is repeated here, with backoff, while the files that wait for it stay queued.
 * @module
 */

import { backoffDelay, maxRetries } from './backoff.ts';
import { MAX_AUTH_BATCH } from './backend-client.ts';
import { QueueError, toQueueError } from './errors.ts';
import type { AuthBatch, QueueDeps, QueueOptions, UploadGrant } from './queue-types.ts';

/** The shortest and longest lifetimes a backend may sign (ImageKit allows under an hour). */
const MIN_LIFETIME_MS = 30_000;
const MAX_LIFETIME_MS = 3_600_000;
/** A set this close to its expiry may lapse before ImageKit reads it. */
const EXPIRY_MARGIN_MS = 60_000;

export interface AuthPoolSource {
  /** The queue's own: requests, waits, the backend's key and the clock (it never uploads). */
  deps: QueueDeps<never>;
  options: QueueOptions;
  /** Files that will ask for a set soon (queued, not started). */
  upcoming(): number;
  /** Refill before fewer than this many sets are left (the concurrency). */
  lowWater(): number;
}

interface PooledSet {
  grant: UploadGrant;
  /** On the `now()` clock: after this the set may lapse before ImageKit reads it. */
  usableUntil: number;
}

interface Waiter {
  resolve(grant: UploadGrant): void;
  reject(error: unknown): void;
}

/**
 * When a set stops being usable, on the monotonic clock. The lifetime is measured against the
 * backend's clock when known (ImageKit's is close to it), else the browser's; a browser clock
 * minutes off cannot be told from a short lifetime, so the estimate is kept within what a backend
 * may sign.
 */
export function usableUntil(expire: number, arrivedAt: number, serverTime?: number): number {
  const estimate = expire * 1000 - (serverTime ?? Date.now());
  const lifetime = Math.min(MAX_LIFETIME_MS, Math.max(MIN_LIFETIME_MS, estimate));
  return arrivedAt + lifetime - Math.min(EXPIRY_MARGIN_MS, lifetime / 2);
}

export class AuthPool {
  #sets: PooledSet[] = [];
  #waiters: Waiter[] = [];
  #fetching = false;
  #key: string | undefined;
  #controller = new AbortController();

  readonly #source: AuthPoolSource;

  constructor(source: AuthPoolSource) {
    this.#source = source;
  }

  /** A set nobody else got; waits for the next batch when the pool is empty. */
  take(signal: AbortSignal): Promise<UploadGrant> {
    this.#checkKey();
    this.#dropStale();
    const ready = this.#sets.shift();
    if (ready) {
      this.refill();
      return Promise.resolve(ready.grant);
    }

    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((other) => other !== waiter);
        reject(new QueueError('unknown', 'Canceled', { retryable: false }));
      };
      const waiter: Waiter = {
        resolve: (grant) => {
          signal.removeEventListener('abort', onAbort);
          resolve(grant);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.refill();
    });
  }

  /** Asks for more sets when files wait for one or the pool runs low. */
  refill(): void {
    this.#checkKey();
    if (!this.#fetching && this.#wanted() > 0) void this.#fetchBatches();
  }

  /** Forgets every set and any answer still on its way (new endpoint, cleared list). */
  reset(): void {
    this.#dropAll();
    this.refill();
  }

  #dropAll(): void {
    this.#controller.abort();
    this.#controller = new AbortController();
    this.#sets = [];
    this.#fetching = false;
  }

  /** Sets signed by another backend, or for other credentials, are not handed out. */
  #checkKey(): void {
    const key = this.#source.deps.authKey?.() ?? '';
    if (key === this.#key) return;

    this.#key = key;
    this.#dropAll();
  }

  #wanted(): number {
    this.#dropStale();
    const needed = this.#waiters.length + this.#source.upcoming();
    const low = this.#sets.length < Math.min(needed, this.#source.lowWater());
    if (this.#waiters.length === 0 && !low) return 0;
    return Math.min(MAX_AUTH_BATCH, needed - this.#sets.length);
  }

  /** Requests batches while sets are wanted; a failure is retried before any file hears of it. */
  async #fetchBatches(): Promise<void> {
    const { signal } = this.#controller;
    this.#fetching = true;
    let retries = 0;

    try {
      for (let count = this.#wanted(); count > 0; count = this.#wanted()) {
        try {
          const batch = await this.#source.deps.fetchAuthParams(count, signal);
          if (signal.aborted) return;
          this.#accept(batch);
          retries = 0;
        } catch (error) {
          if (signal.aborted) return;

          const failure = toQueueError(error, 'auth-params-failed');
          const { deps, options } = this.#source;
          if (failure.retryable && !deps.isOnline()) {
            // Offline spells cost no retry; the files keep waiting.
            await deps.waitForOnline(signal);
          } else if (failure.retryable && retries < maxRetries(options)) {
            retries++;
            await deps.sleep(backoffDelay(options, retries, failure), signal);
          } else {
            // The budget is spent: the waiting files fail now, without retrying on their own.
            for (const waiter of this.#waiters.splice(0)) waiter.reject(failure.final());
            return;
          }
        }
        if (signal.aborted) return;
      }
    } finally {
      if (!signal.aborted) this.#fetching = false;
    }
  }

  #accept(batch: AuthBatch): void {
    if (batch.params.length === 0) {
      throw new QueueError('auth-params-failed', 'The backend sent no auth params', {
        retryable: false,
      });
    }

    const arrivedAt = this.#now();
    const { publicKey, uploadUrl, backend, serverTime } = batch;
    const fresh = batch.params.map((params) => ({
      grant: { publicKey, uploadUrl, params, backend },
      usableUntil: usableUntil(params.expire, arrivedAt, serverTime),
    }));

    // Sets that just arrived go out whatever the margin says: ImageKit judges expiry itself.
    while (this.#waiters.length > 0 && fresh.length > 0) {
      this.#waiters.shift()!.resolve(fresh.shift()!.grant);
    }
    this.#sets.push(...fresh);
  }

  #now(): number {
    return this.#source.deps.now?.() ?? performance.now();
  }

  #dropStale(): void {
    const now = this.#now();
    this.#sets = this.#sets.filter((set) => set.usableUntil > now);
  }
}
