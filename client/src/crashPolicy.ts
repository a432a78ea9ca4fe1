// Decides whether to restart the server after it died: a few quick restarts help with a
// transient failure, endless ones only hide a broken install.

export class CrashWindow {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now` (ms) and says whether to restart once more. */
  record(now: number): 'restart' | 'give-up' {
    this.crashes = this.crashes.filter((time) => now - time < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.maxRestarts ? 'restart' : 'give-up';
  }

  /** After a restart the user asked for, old crashes no longer count. */
  reset(): void {
    this.crashes = [];
  }

  get recent(): number {
    return this.crashes.length;
  }
}
