/** A token bucket: `rate` actions a second, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(count = 1): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Milliseconds until `count` more may be taken (the retry hint of a refusal). */
  msUntil(count = 1): number {
    const missing = count - Math.min(this.burst, this.tokens + ((Date.now() - this.last) / 1000) * this.rate);
    return missing <= 0 ? 0 : Math.ceil((missing / this.rate) * 1000);
  }
}

/** Counts refusals in a sliding window: `limit` of them within `windowMs` make an offender. */
export class StrikeCounter {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records one refusal; true when this one reaches the limit. */
  strike(): boolean {
    const now = Date.now();
    this.times.push(now);
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    return this.times.length >= this.limit;
  }
}
