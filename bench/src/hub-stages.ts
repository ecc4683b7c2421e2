/**
 * Where a send's time goes inside the hub, per step: the stage histograms the hub exposes on /metrics, read before
 * and after the step and subtracted. Percentiles are estimated within Prometheus buckets (linear interpolation).
 */

/** Cumulative bucket counts (upper bound → count) and the sum, per histogram name. */
export type Scrape = Map<string, { buckets: [number, number][]; sum: number; count: number }>;

export interface StageFigure {
  count: number;
  /** Milliseconds for latencies, messages for the batch size. */
  p50: number | null;
  p99: number | null;
  mean: number | null;
}

export interface HubStages {
  socketSend: StageFigure;
  writeWait: StageFigure;
  writeDuration: StageFigure;
  writeBatchSize: StageFigure;
  fanoutDelay: StageFigure;
  /** The event loop's delay p99 over the step (prom-client's gauge, reset at every scrape). */
  eventLoopP99Ms: number | null;
}

const STAGES = {
  socketSend: 'hub_socket_send_duration_seconds',
  writeWait: 'hub_message_write_wait_seconds',
  writeDuration: 'hub_message_write_duration_seconds',
  writeBatchSize: 'hub_message_write_batch_size',
  fanoutDelay: 'hub_fanout_delay_seconds',
} as const;
const SECONDS = new Set<string>([STAGES.socketSend, STAGES.writeWait, STAGES.writeDuration, STAGES.fanoutDelay]);

export function parseScrape(text: string): { histograms: Scrape; gauges: Map<string, number> } {
  const histograms: Scrape = new Map();
  const gauges = new Map<string, number>();
  const entry = (name: string) => {
    let h = histograms.get(name);
    if (!h) histograms.set(name, (h = { buckets: [], sum: 0, count: 0 }));
    return h;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, labels = '', raw] = m;
    const value = Number(raw);
    if (name.endsWith('_bucket')) {
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      if (le !== undefined) entry(name.slice(0, -'_bucket'.length)).buckets.push([le === '+Inf' ? Infinity : Number(le), value]);
    } else if (name.endsWith('_sum')) entry(name.slice(0, -4)).sum = value;
    else if (name.endsWith('_count')) entry(name.slice(0, -6)).count = value;
    else if (!labels) gauges.set(name, value);
  }
  return { histograms, gauges };
}

export async function scrape(url: string): Promise<{ histograms: Scrape; gauges: Map<string, number> } | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? parseScrape(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** The q-quantile of the observations made between two scrapes, interpolated within its bucket. */
export function quantile(before: [number, number][] | undefined, after: [number, number][], q: number): number | null {
  const prev = new Map(before ?? []);
  const deltas = after.map(([le, c]) => [le, c - (prev.get(le) ?? 0)] as const).sort((a, b) => a[0] - b[0]);
  const total = deltas.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, cum] of deltas) {
    if (cum >= rank) {
      // Past the last finite bucket there is no upper bound: report that bound.
      if (!Number.isFinite(le)) return lower;
      const inBucket = cum - below;
      return inBucket > 0 ? lower + ((rank - below) / inBucket) * (le - lower) : le;
    }
    lower = le;
    below = cum;
  }
  return lower;
}

export function stagesBetween(
  before: Awaited<ReturnType<typeof scrape>>,
  after: Awaited<ReturnType<typeof scrape>>,
): HubStages | undefined {
  if (!before || !after) return undefined;
  const figure = (name: string): StageFigure => {
    const a = after.histograms.get(name);
    const b = before.histograms.get(name);
    if (!a) return { count: 0, p50: null, p99: null, mean: null };
    const scale = SECONDS.has(name) ? 1000 : 1;
    const count = a.count - (b?.count ?? 0);
    const r = (x: number | null) => (x === null ? null : Math.round(x * scale * 100) / 100);
    return {
      count,
      p50: r(quantile(b?.buckets, a.buckets, 0.5)),
      p99: r(quantile(b?.buckets, a.buckets, 0.99)),
      mean: count > 0 ? r((a.sum - (b?.sum ?? 0)) / count) : null,
    };
  };
  const lag = after.gauges.get('nodejs_eventloop_lag_p99_seconds');
  return {
    socketSend: figure(STAGES.socketSend),
    writeWait: figure(STAGES.writeWait),
    writeDuration: figure(STAGES.writeDuration),
    writeBatchSize: figure(STAGES.writeBatchSize),
    fanoutDelay: figure(STAGES.fanoutDelay),
    eventLoopP99Ms: lag === undefined ? null : Math.round(lag * 1000 * 10) / 10,
  };
}
