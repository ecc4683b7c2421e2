import { Client } from 'pg';
import { nowUs, sleep } from './clock';
import type { LatencySummary } from './histogram';
import { Histogram } from './histogram';

/**
 * Two small probes that run beside a load step and tell where a latency tail comes from:
 * - the server's event loop: `GET <path>` every 50 ms (a route that does no I/O), so a blocked loop shows as a slow answer;
 * - PostgreSQL's commit: an autocommitted one-row INSERT every 50 ms into a table of the bench database, so a WAL flush
 *   stalled by other work on the shared server shows as a slow commit.
 */
export class Probes {
  private running = false;
  private readonly http = new Histogram();
  private readonly commit = new Histogram();
  private loops: Promise<void>[] = [];

  private constructor(
    private readonly pg?: Client,
    /** The probe's own PostgreSQL backend, left out of the hub's. */
    readonly pgPid?: number,
  ) {}

  static async open(databaseUrl?: string): Promise<Probes> {
    if (!databaseUrl) return new Probes();
    const c = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    await c.query('CREATE TABLE IF NOT EXISTS bench_probe (at timestamptz NOT NULL)');
    const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new Probes(c, rows[0].pid);
  }

  start(url: string, withCommit: boolean): void {
    this.running = true;
    this.http.reset();
    this.commit.reset();
    this.loops = [
      this.every(50, async () => void (await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer())), this.http),
    ];
    if (withCommit && this.pg)
      this.loops.push(this.every(50, async () => void (await this.pg!.query('INSERT INTO bench_probe VALUES (now())')), this.commit));
  }

  /** The probe's own commits since start, to be left out of the hub's. */
  get commits(): number {
    return this.commit.total;
  }

  async stop(): Promise<{ serverLoop: LatencySummary; pgCommit?: LatencySummary }> {
    this.running = false;
    await Promise.all(this.loops);
    return { serverLoop: this.http.summary(), pgCommit: this.commit.total > 0 ? this.commit.summary() : undefined };
  }

  async close(): Promise<void> {
    await this.pg?.end().catch(() => undefined);
  }

  private async every(ms: number, probe: () => Promise<void>, into: Histogram): Promise<void> {
    while (this.running) {
      const t0 = nowUs();
      try {
        await probe();
        into.record(nowUs() - t0);
      } catch {
        into.record(10_000_000);
      }
      const left = ms - (nowUs() - t0) / 1000;
      if (left > 0) await sleep(left);
    }
  }
}
