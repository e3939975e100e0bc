/**
 * A small counting limit for async work: at most `limit()` runs at once, the rest wait their
 * turn in order.
 * @module
 */

export class Slots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  readonly #limit: () => number;

  constructor(limit: () => number) {
    this.#limit = limit;
  }

  async run<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.#running < this.#limit()) this.#running++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));

    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
