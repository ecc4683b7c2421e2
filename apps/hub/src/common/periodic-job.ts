import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * The lifecycle every background job shares: a timer every `intervalSeconds` (0: off; unref'd, so it never keeps
 * the process alive), `runOnce()` for tests and operators, overlapping calls joining the run in progress, and a
 * shutdown that waits for it. Jobs inject what they need themselves; this class holds no dependencies.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  /** Seconds between runs; 0 turns the timer off. */
  protected abstract intervalSeconds(): number;

  /** One pass at the clock's now; returns how much it did. */
  protected abstract run(): Promise<number>;

  onApplicationBootstrap(): void {
    const seconds = this.intervalSeconds();
    if (seconds === 0) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs a pass now; a call while one runs joins it. */
  runOnce(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
