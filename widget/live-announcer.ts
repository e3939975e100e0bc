/**
 * What the element's single polite live region says: the start of a batch, overall progress at
 * most every few seconds, and the end once.
 * @module
 */

import type { Text } from './strings.ts';
import type { UploaderFile } from './types.ts';

const PROGRESS_INTERVAL_MS = 5000;

interface Progress {
  text(percent: number): string;
  percent(): number;
}

export class LiveAnnouncer {
  text = '';

  #timer: ReturnType<typeof setInterval> | undefined;
  #progress: Progress | undefined;
  #lastPercent = -1;

  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  start(message: string, progressText: Progress['text'], percent: Progress['percent']): void {
    this.say(message);
    if (this.#timer !== undefined) return;

    this.#lastPercent = -1;
    this.#progress = { text: progressText, percent };
    this.resume();
  }

  /** Picks progress reports up again after `stop()`, when a batch is still running. */
  resume(): void {
    const progress = this.#progress;
    if (!progress || this.#timer !== undefined) return;

    this.#timer = setInterval(() => {
      // Tens only, so a slow upload does not repeat itself word for word.
      const now = Math.floor(progress.percent() / 10) * 10;
      if (now === this.#lastPercent || now >= 100) return;
      this.#lastPercent = now;
      this.say(progress.text(now));
    }, PROGRESS_INTERVAL_MS);
  }

  finish(message: string): void {
    this.stop();
    this.#progress = undefined;
    this.say(message);
  }

  /** Pauses progress reports (the element left the page). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  say(message: string): void {
    // A live region keeps quiet when its text does not change: the same words again (a retry
    // that failed again) differ by a trailing no-break space.
    this.text = message && message === this.text ? `${message}\u00a0` : message;
    this.#onChange();
  }
}

/** What files just added mean for the listener: what starts uploading, what was refused and why. */
export function addedMessage(
  text: Text,
  accepted: UploaderFile[],
  refused: UploaderFile[],
): string {
  const parts: string[] = [];
  if (accepted.length === 1) parts.push(text('announceStartOne', { name: accepted[0].name }));
  if (accepted.length > 1) parts.push(text('announceStart', { count: accepted.length }));
  if (refused.length === 1) {
    const [{ name, error }] = refused;
    parts.push(text('announceRefusedOne', { name, reason: error?.message ?? '' }));
  }
  if (refused.length > 1) parts.push(text('announceRefused', { count: refused.length }));
  return parts.join('. ');
}
