/**
 * Single-use upload credentials fetched ahead of need. Each set leaves the pool once and is never
 * handed out again; a set close to its expiry is thrown away instead. One `count=N` request at a
 * time covers the files that are about to start, so a freed slot rarely waits on the backend.
 * @module
 */

import { MAX_AUTH_BATCH } from './backend-client.ts';
import { QueueError } from './errors.ts';
import type { UploadGrant } from './queue-types.ts';
import type { AuthParamsBatch } from './types.ts';

/** A set this close to its expiry may lapse before ImageKit reads it, so it is dropped. */
const EXPIRY_MARGIN_MS = 60_000;

export interface AuthPoolSource {
  fetch(count: number): Promise<AuthParamsBatch>;
  /** Files that will ask for a set soon (queued, not started). */
  upcoming(): number;
  /** Refill before fewer than this many sets are left (the concurrency). */
  lowWater(): number;
}

interface Waiter {
  resolve(grant: UploadGrant): void;
  reject(error: unknown): void;
}

export class AuthPool {
  private sets: UploadGrant[] = [];
  private waiters: Waiter[] = [];
  private fetching = false;
  private generation = 0;

  constructor(private readonly source: AuthPoolSource) {}

  /** A set nobody else got; waits for the next batch when the pool is empty. */
  take(signal: AbortSignal): Promise<UploadGrant> {
    this.dropStale();
    const ready = this.sets.shift();
    if (ready) {
      this.refill();
      return Promise.resolve(ready);
    }

    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
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
      this.waiters.push(waiter);
      this.refill();
    });
  }

  /** Asks for more sets when files wait for one or the pool runs low. */
  refill(): void {
    if (this.fetching) return;

    this.dropStale();
    const needed = this.waiters.length + this.source.upcoming();
    const low = this.sets.length < Math.min(needed, this.source.lowWater());
    const count = Math.min(MAX_AUTH_BATCH, needed - this.sets.length);
    if ((this.waiters.length === 0 && !low) || count <= 0) return;

    void this.fetchBatch(count);
  }

  /** Forgets every set and any answer still on its way (new user, new endpoint, cleared list). */
  reset(): void {
    this.sets = [];
    this.generation++;
    this.fetching = false;
    this.refill();
  }

  private async fetchBatch(count: number): Promise<void> {
    const generation = this.generation;
    this.fetching = true;

    try {
      const batch = await this.source.fetch(count);
      if (generation !== this.generation) return;

      const { publicKey, uploadUrl } = batch;
      this.sets.push(...batch.params.map((params) => ({ publicKey, uploadUrl, params })));
      this.dropStale();
      if (this.sets.length === 0) {
        // Asking again would get the same answer; let the waiting files fail with a reason.
        throw new QueueError('auth-params-failed', 'The backend sent no usable auth params', {
          retryable: false,
        });
      }
      while (this.waiters.length > 0 && this.sets.length > 0) {
        this.waiters.shift()!.resolve(this.sets.shift()!);
      }
    } catch (error) {
      if (generation !== this.generation) return;
      // Each waiting file decides for itself whether to try again (backoff, offline wait).
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      return;
    } finally {
      if (generation === this.generation) this.fetching = false;
    }

    this.refill();
  }

  private dropStale(): void {
    const limit = Date.now() + EXPIRY_MARGIN_MS;
    this.sets = this.sets.filter((set) => set.params.expire * 1000 > limit);
  }
}
