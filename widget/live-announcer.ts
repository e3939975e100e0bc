/**
 * What the element's single polite live region says: the start of a batch, overall progress at
 * most every few seconds, and the end once.
 * @module
 */

const PROGRESS_INTERVAL_MS = 5000;

export class LiveAnnouncer {
  text = '';

  private timer: ReturnType<typeof setInterval> | undefined;
  private lastPercent = -1;

  constructor(private readonly onChange: () => void) {}

  start(message: string, progressText: (percent: number) => string, percent: () => number): void {
    this.say(message);
    if (this.timer !== undefined) return;

    this.lastPercent = -1;
    this.timer = setInterval(() => {
      // Tens only, so a slow upload does not repeat itself word for word.
      const now = Math.floor(percent() / 10) * 10;
      if (now === this.lastPercent || now >= 100) return;
      this.lastPercent = now;
      this.say(progressText(now));
    }, PROGRESS_INTERVAL_MS);
  }

  finish(message: string): void {
    this.stop();
    this.say(message);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private say(message: string): void {
    this.text = message;
    this.onChange();
  }
}
