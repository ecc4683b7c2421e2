/**
 * A latency histogram with logarithmic buckets (1 % apart, from 1 µs to hours), small enough to ship between
 * processes and merged by adding counts. Percentiles are read at the bucket's upper edge, so they err high by ≤ 1 %.
 */
export class Histogram {
  private static readonly LN_GROWTH = Math.log(1.01);
  private counts = new Map<number, number>();
  total = 0;
  max = 0;

  record(us: number): void {
    const v = Math.max(us, 1);
    const i = Math.ceil(Math.log(v) / Histogram.LN_GROWTH);
    this.counts.set(i, (this.counts.get(i) ?? 0) + 1);
    this.total += 1;
    if (v > this.max) this.max = v;
  }

  reset(): void {
    this.counts.clear();
    this.total = 0;
    this.max = 0;
  }

  merge(other: HistogramData): void {
    for (const [i, n] of other.buckets) this.counts.set(i, (this.counts.get(i) ?? 0) + n);
    this.total += other.total;
    if (other.max > this.max) this.max = other.max;
  }

  /** The p-th percentile in microseconds, or null when empty. */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const target = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const i of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(i)!;
      if (seen >= target) return Math.min(Math.exp(i * Histogram.LN_GROWTH), this.max);
    }
    return this.max;
  }

  toData(): HistogramData {
    return { buckets: [...this.counts.entries()], total: this.total, max: this.max };
  }

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  /** p50/p95/p99/max in milliseconds, rounded to 0.01 ms. */
  summary(): LatencySummary {
    const ms = (us: number | null) => (us === null ? null : Math.round(us / 10) / 100);
    return {
      count: this.total,
      p50: ms(this.percentile(50)),
      p95: ms(this.percentile(95)),
      p99: ms(this.percentile(99)),
      max: ms(this.total ? this.max : null),
    };
  }
}

export interface HistogramData {
  buckets: [number, number][];
  total: number;
  max: number;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}
