/**
 * Counts the requests a server is still handling, so that closing it can wait for them: a
 * handler cut off from its client may still be writing to the database or the disk.
 *
 * @module
 */

type Fetch<Args extends unknown[]> = (
  request: Request,
  ...rest: Args
) => Response | Promise<Response>;

export interface InFlight<Args extends unknown[]> {
  /** `fetch`, counted. */
  fetch: (request: Request, ...rest: Args) => Promise<Response>;
  /** Resolves once no request is being handled, or after `limitMs`, whichever comes first. */
  settled(limitMs: number): Promise<void>;
}

export function trackInFlight<Args extends unknown[]>(fetch: Fetch<Args>): InFlight<Args> {
  const pending = new Set<Promise<Response>>();
  return {
    fetch: (request, ...rest) => {
      const handled = Promise.resolve(fetch(request, ...rest));
      pending.add(handled);
      const done = () => pending.delete(handled);
      void handled.then(done, done);
      return handled;
    },
    settled: async (limitMs) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
      });
      await Promise.race([Promise.allSettled([...pending]), limit]);
      clearTimeout(timer);
    },
  };
}
