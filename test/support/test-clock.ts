import type { Clock } from '../../apps/hub/src/common/clock';

/** A clock tests move by hand: real time until set, then frozen where the test puts it. */
export class TestClock implements Clock {
  private fixed?: Date;
  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }
  set(at: Date): void {
    this.fixed = new Date(at);
  }
  advanceHours(h: number): void {
    this.set(new Date(this.now().getTime() + h * 3_600_000));
  }
  advanceDays(d: number): void {
    this.advanceHours(d * 24);
  }
}
