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

  /**
   * Reports each candidate once, page by page: `page` reads candidates not yet stamped, `report` stamps one and answers
   * how many events it committed (0 when another run or node got there first). Stamped rows leave the next page; a page
   * that stamped nothing ends the pass, so rows that stay candidates (answered meanwhile) cannot loop it.
   */
  protected async reportEach<T>(page: () => Promise<T[]>, pageSize: number, report: (candidate: T) => Promise<number>): Promise<number> {
    let reported = 0;
    for (;;) {
      const candidates = await page();
      const before = reported;
      for (const c of candidates) reported += await report(c);
      if (candidates.length < pageSize || reported === before) return reported;
    }
  }

  /** Runs a pass now; a call while one runs joins it. */
  runOnce(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
