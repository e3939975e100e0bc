/**
 * A per-key sliding-window counter kept in memory. Enough for one process; several instances
 * behind a balancer each count on their own.
 *
 * @module
 */

export interface RateLimiter {
  /** Takes `cost` units for `key`; returns seconds to wait when the window is full, else 0. */
  take(key: string, cost?: number): number;
}

export function createRateLimiter(limit: number, windowMs = 60_000): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = Date.now();

  // Drops keys idle for a whole window, so memory follows active users, not all users ever.
  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) {
      if ((times.at(-1) ?? 0) <= now - windowMs) hits.delete(key);
    }
  };

  return {
    take(key, cost = 1) {
      const now = Date.now();
      sweep(now);

      const times = (hits.get(key) ?? []).filter((time) => time > now - windowMs);
      if (times.length + cost > limit) {
        hits.set(key, times);
        const oldest = times[Math.max(0, times.length + cost - limit - 1)] ?? now;
        return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
      }

      for (let i = 0; i < cost; i += 1) times.push(now);
      hits.set(key, times);
      return 0;
    },
  };
}
