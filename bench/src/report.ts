import type { LatencySummary } from './histogram';
import type { ProfileSummary } from './profile-summary';
import type { DbWork } from './processes';
import type { HubStages, StageFigure } from './hub-stages';

/** baseline: bare socket.io; durable: the naive durable relay (one INSERT per message, then broadcast). */
export type System = 'hub' | 'baseline' | 'durable';

export const SYSTEM_NAMES: Record<System, string> = {
  baseline: 'bare socket.io (no persistence)',
  durable: 'socket.io + one INSERT per message, then broadcast',
  hub: 'the hub',
};

/** One line of the issue's table: a system's figures from one run. */
export interface SystemRow {
  system: System;
  /** Highest offered rate of a passing step (0: none passed). */
  cleanUpTo: number;
  /** Every step passed: the ladder ended before the system broke. */
  topped: boolean;
  lowRate: number;
  p99Low: number | null;
  p95Low: number | null;
  lowClean: boolean;
  targetRate: number;
  p99Target: number | null;
  targetClean: boolean;
  /** Milliseconds of CPU per acked message at the target rate: the server process, and its PostgreSQL (whole server). */
  cpuServerMs: number | null;
  cpuPgMs: number | null;
  walBytes: number | null;
  idleKb: number | null;
}

export interface StepReport {
  system: System;
  rate: number;
  durationS: number;
  clients: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  delivered: number;
  deliveredByRole: Record<string, number>;
  expected: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  deliveredUnacked: number;
  stale: number;
  ack: LatencySummary;
  deliver: LatencySummary;
  sentPerS: number;
  deliveredPerS: number;
  eventBytes: number;
  /** WAL written by the whole (private) PostgreSQL during the step and its settling, per stored message; 0 without a database. */
  walBytesPerMessage?: number;
  /** Messages the step committed (the WAL figures are per stored message; an overloaded server stores some it never acks in time). */
  storedMessages?: number;
  /** At the report rates: the step's WAL by relation (pg_walinspect), per acked message. */
  walParts?: { what: string; records: number; bytes: number; fpiBytes: number; bytesPerMessage: number; recordsPerMessage: number }[];
  /** Hub only, per acked message: database transactions, rows inserted and table scans by table (everything the hub did in the step). */
  db?: DbWork;
  /** Hub only: its stage histograms from /metrics over the step (where a send's time goes inside the hub). */
  stages?: HubStages;
  /** One delivered event as a receiving client saw it. */
  sampleEvent?: string;
  /** Percent of one core: the server process, its PostgreSQL backends, the client processes; machine and others out of cores × 100. */
  cpu: Record<string, number>;
  rssMb: { end: number; peak: number };
  clientLoopDelayP99Ms: number;
  sendLagMaxMs: number;
  disconnects: number;
  drained: boolean;
  window: { fromUs: number; toUs: number };
  /** Hub GC pauses during the step (only with --hub-node-flags=--trace-gc). */
  gc?: { count: number; totalMs: number; maxMs: number };
  /** Beside the step: the server's event loop (a no-I/O HTTP route every 50 ms) and, for the hub, PostgreSQL commits (a one-row INSERT every 50 ms). */
  probes: { serverLoop: LatencySummary; pgCommit?: LatencySummary };
  /** Failed attempts at this rate before this one (--retries). */
  earlierAttempts?: {
    p99: number | null;
    problems: string[];
    othersCpu: number;
    loopP99: number | null;
    pgCommitP99: number | null;
    gc?: StepReport['gc'];
  }[];
  /** Seconds waited before the step for the machine's other work to quieten down. */
  waitedForQuietS: number;
  rest?: { requests: number; ok: number; statuses: Record<string, number>; latency: LatencySummary; messagesPerPage: number };
  pass: boolean;
  problems: string[];
}

export interface IdleReport {
  sockets: number;
  failed: number;
  connectS: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  perSocketKb: number;
}

export interface CatchupReport {
  events: number;
  runs: {
    role: string;
    eventsMs: number;
    ackMs: number;
    connectMs: number;
    events: number;
    duplicates: number;
    outOfOrder: number;
    bytes: number;
  }[];
  burstMs: number;
  p50Ms: number;
  maxMs: number;
}

export interface Target {
  name: string;
  target: string;
  reached: string;
  met: boolean | null;
}

export interface BenchResult {
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  wallS: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memGb: number;
    node: string;
    socketIo: string;
    postgres: string;
    database: string;
    /** How servers and clients were placed on the cores. */
    pinning: string;
  };
  options: Record<string, unknown>;
  idle?: { hub: IdleReport; baseline?: IdleReport; durable?: IdleReport; ratio?: number };
  catchup?: CatchupReport;
  steps: StepReport[];
  /** A hub step at the target rate with REST page reads alongside. */
  restUnderLoad?: StepReport;
  headline: { table: SystemRow[]; targets: Target[] };
  noise: { otherCpuMeanPct: number; otherCpuMaxPct: number; machineCores: number; waitedForQuietS: number };
  hubLog: { warnings: number; errors: number; lines: string[] };
  profile?: ProfileSummary & { step: number };
}

const f = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const lat = (s: LatencySummary) => `${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} / ${f(s.max)}`;
/** CPU percent of one core over the step, and milliseconds of CPU per acked message. */
const cpuCell = (s: StepReport, k: string) => `${f(s.cpu[k], 0)} (${s.acked ? f((s.cpu[`${k}Seconds`] * 1000) / s.acked, 2) : '–'})`;
const roleShort: Record<string, string> = { sykmeldt: 's', arbeidsgiver: 'a', fastlege: 'f', veileder: 'v' };

export function renderMarkdown(r: BenchResult, svgName: string): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(`# Hub benchmark (${r.mode})`, '');
  lines.push(
    `${r.startedAt} · ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memGb} GB · Node ${r.machine.node} · socket.io ${r.machine.socketIo} · ${r.machine.postgres} (${r.machine.database}) · ${int(r.wallS)} s wall`,
    '',
  );
  lines.push(
    `${o.cases} cases × 4 parties = ${int(Number(o.cases) * 4)} sockets in ${o.workers} client processes; every party sends into its case's group thread and every ` +
      `message goes to all four parties (one audience room each). Steps of ${o.durationS} s, ${o.payloadBytes}-character texts; a step passes with ` +
      `p99 send→deliver ≤ ${o.p99LimitMs} ms, every send acked, nothing lost, duplicated or out of order. Two baselines run on the same clients, rooms and payloads, ` +
      `each in its own process: bare socket.io (no persistence, no masking) and the naive durable relay (socket.io, one autocommitted INSERT per message into the ` +
      `same PostgreSQL as the hub's, then ack and broadcast). All run the same rates, interleaved, each after one discarded warm-up step at the first rate, and ` +
      `all are restarted after the idle-socket measurement, so catch-up and load run on fresh processes. ${r.machine.pinning}`,
    '',
  );
  const t = r.headline.table;
  if (t.length > 0) {
    const v = (x: number | null, d = 1, unit = '') => (x === null ? '–' : `${x.toFixed(d)}${unit}`);
    lines.push(
      `## The three side by side`,
      '',
      `| server (one core incl. its database) | clean up to (msgs/s) | p99 at ${int(t[0].lowRate)} msgs/s | p99 at ${int(t[0].targetRate)} | server CPU per message at ${int(t[0].targetRate)} | WAL bytes per message | idle KB per socket |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const x of t) {
      const cpu =
        x.cpuServerMs === null
          ? '–'
          : x.system === 'baseline'
            ? `${x.cpuServerMs.toFixed(2)} ms`
            : `${(x.cpuServerMs + (x.cpuPgMs ?? 0)).toFixed(2)} ms (${x.system === 'hub' ? 'hub' : 'relay'} ${x.cpuServerMs.toFixed(2)} + PostgreSQL ${v(x.cpuPgMs, 2)})`;
      const p99 = (p: number | null, clean: boolean, p95?: number | null) =>
        p === null ? '–' : `${v(p)} ms${clean ? '' : ' (failed)'}${p95 !== undefined && p95 !== null && !clean ? `, p95 ${v(p95)}` : ''}`;
      lines.push(
        `| ${SYSTEM_NAMES[x.system]} | ${x.cleanUpTo === 0 ? `below ${int(Math.min(...r.steps.filter((s) => s.system === x.system).map((s) => s.rate)))}` : `${x.topped ? '≥ ' : ''}${int(x.cleanUpTo)}`} | ` +
          `${p99(x.p99Low, x.lowClean, x.p95Low)} | ${p99(x.p99Target, x.targetClean)} | ${cpu} | ${x.walBytes === null ? '–' : int(x.walBytes)} | ${v(x.idleKb)} |`,
      );
    }
    lines.push(
      '',
      'CPU per message: CPU seconds of the server process (and of the whole private PostgreSQL: every backend and helper, including exited ones) over the step and its settling, per acked message. ' +
        "WAL: `pg_current_wal_lsn()` before and after the step and its settling, per message stored (other databases' records and the commit probe's rows left out). " +
        '"(failed)": the step did not pass (p99 over the limit, or something lost).',
      '',
    );
  }
  lines.push('## Targets', '', '| | target | reached | met |', '| --- | --- | --- | --- |');
  for (const t of r.headline.targets)
    lines.push(`| ${t.name} | ${t.target} | ${t.reached} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`);
  lines.push('', `![p99 and p50 send→deliver against delivered messages per second](${svgName})`, '');

  for (const system of ['hub', 'durable', 'baseline'] as const) {
    const steps = r.steps.filter((s) => s.system === system);
    if (steps.length === 0) continue;
    lines.push(
      `## ${system === 'hub' ? 'Hub' : system === 'durable' ? 'Naive durable baseline (one INSERT per message)' : 'Baseline (bare socket.io)'}: steps`,
      '',
    );
    lines.push(
      '| msg/s offered | sent | acked | delivered s/a/f/v | lost | dup | send→ack ms p50/p95/p99/max | send→deliver ms p50/p95/p99/max | delivered/s | server CPU % (ms/msg) | PG CPU % (ms/msg) | WAL B/msg | clients CPU % (ms/msg) | others CPU % | RSS MB | pass |',
    );
    lines.push(`| ${Array.from({ length: 16 }, () => '---').join(' | ')} |`);
    for (const s of steps) {
      const byRole = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'].map((role) => int(s.deliveredByRole[role] ?? 0)).join('/');
      lines.push(
        `| ${int(s.rate)} | ${int(s.sent)} | ${int(s.acked)} | ${byRole} | ${s.lost} | ${s.duplicates} | ${lat(s.ack)} | ${lat(s.deliver)} | ${int(s.deliveredPerS)} | ` +
          `${cpuCell(s, 'server')} | ${system !== 'baseline' ? cpuCell(s, 'pg') : '–'} | ${s.walBytesPerMessage === undefined ? '–' : int(s.walBytesPerMessage)} | ${cpuCell(s, 'clients')} | ${f(s.cpu.other, 0)} | ${f(s.rssMb.peak, 0)} | ` +
          `${s.pass ? 'yes' : `no: ${s.problems.join('; ')}`} |`,
      );
    }
    lines.push('');
    lines.push(
      `Beside each step: the ${system === 'hub' ? 'hub' : 'baseline'}'s event loop (an HTTP route without I/O, every 50 ms)` +
        (system !== 'baseline' ? ' and PostgreSQL commits (a one-row INSERT into the bench database, every 50 ms)' : '') +
        '; a stall in either shows here.',
      '',
      `| msg/s offered | event-loop probe ms p50/p99/max |${system !== 'baseline' ? ' PG commit probe ms p50/p99/max |' : ''} client loop delay p99 ms | waited for quiet s | earlier attempts |`,
      `| --- | --- |${system !== 'baseline' ? ' --- |' : ''} --- | --- | --- |`,
    );
    for (const s of steps) {
      const probe = (l?: LatencySummary) => (l ? `${f(l.p50)} / ${f(l.p99)} / ${f(l.max)}` : '–');
      const earlier =
        (s.earlierAttempts ?? [])
          .map(
            (a) =>
              `p99 ${f(a.p99)} ms (others ${f(a.othersCpu, 0)} %, event loop p99 ${f(a.loopP99)} ms${a.pgCommitP99 !== null ? `, PG commit p99 ${f(a.pgCommitP99)} ms` : ''})`,
          )
          .join('; ') || '–';
      lines.push(
        `| ${int(s.rate)} | ${probe(s.probes?.serverLoop)} |${system !== 'baseline' ? ` ${probe(s.probes?.pgCommit)} |` : ''} ${f(s.clientLoopDelayP99Ms)} | ${f(s.waitedForQuietS)} | ${earlier} |`,
      );
    }
    lines.push('');
    for (const st of steps.filter((x) => x.walParts && x.walParts.length > 0)) {
      const parts = st.walParts!;
      const total = parts.reduce((acc, x) => acc + x.bytes, 0);
      lines.push(
        `WAL at ${int(st.rate)} msg/s by what it was written for (pg_walinspect over the step and its settling; a record counts for the first relation it touches, ` +
          `records without one by resource manager), per stored message (${int(st.storedMessages ?? st.acked)}): ${int(total / Math.max(st.storedMessages ?? st.acked, 1))} bytes.`,
        '',
        '| relation | records / msg | bytes / msg | of which full-page images |',
        '| --- | ---: | ---: | ---: |',
      );
      for (const x of parts.filter((p) => p.bytesPerMessage >= 1).slice(0, 20))
        lines.push(
          `| ${x.what} | ${x.recordsPerMessage.toFixed(2)} | ${int(x.bytesPerMessage)} | ${int(x.fpiBytes / Math.max(st.acked, 1))} |`,
        );
      lines.push('');
    }
    if (system === 'hub' && steps.some((s) => s.db)) {
      const kv = (m: Record<string, number>) =>
        Object.entries(m)
          .slice(0, 6)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
      lines.push(
        'PostgreSQL work per acked message (from `pg_stat_database` / `pg_stat_user_tables` of the bench database; WAL from `pg_stat_wal`, ' +
          'server-wide: bytes, full-page images and flushes to disk):',
        '',
      );
      const gc = steps.some((x) => x.gc);
      const wal = (w: DbWork['wal']) => (w ? `${int(w.bytes)} B / ${w.fpi} / ${w.syncs}` : '–');
      lines.push(
        `| msg/s offered | commits | WAL bytes / FPI / flushes | rows inserted | table scans (≈ reads) |${gc ? ' hub GC pauses: count / total / longest ms |' : ''}`,
        `| --- | --- | --- | --- | --- |${gc ? ' --- |' : ''}`,
      );
      for (const s of steps.filter((x) => x.db)) {
        lines.push(
          `| ${int(s.rate)} | ${s.db!.xact} | ${wal(s.db!.wal)} | ${kv(s.db!.inserts)} | ${kv(s.db!.scans)} |${gc ? ` ${s.gc ? `${s.gc.count} / ${s.gc.totalMs} / ${s.gc.maxMs}` : '–'} |` : ''}`,
        );
      }
      lines.push('');
    }
    if (system === 'hub' && steps.some((s) => s.stages)) {
      const fig = (x: StageFigure) => (x.count > 0 ? `${f(x.p50)} / ${f(x.p99)}` : '–');
      lines.push(
        "Where a send's time goes inside the hub (its `/metrics` stage histograms over the step; p50 / p99 in ms, estimated within buckets): " +
          "the socket send from arrival to ack, of which the wait for a group-commit batch and the batch's round trip to PostgreSQL " +
          "(write and commit); the fan-out from commit to emit; the event loop's delay.",
        '',
        '| msg/s offered | socket send | wait for batch | batch write + commit | messages per batch (mean / p99) | fan-out | event-loop delay p99 |',
        '| --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const s of steps.filter((x) => x.stages)) {
        const g = s.stages!;
        lines.push(
          `| ${int(s.rate)} | ${fig(g.socketSend)} | ${fig(g.writeWait)} | ${fig(g.writeDuration)} | ${g.writeBatchSize.count > 0 ? `${f(g.writeBatchSize.mean)} / ${f(g.writeBatchSize.p99, 0)}` : '–'} | ${fig(g.fanoutDelay)} | ${f(g.eventLoopP99Ms)} |`,
        );
      }
      lines.push('');
    }
  }
  lines.push(
    `Delivered counts are per receiving role (${Object.entries(roleShort)
      .map(([k, v]) => `${v} = ${k}`)
      .join(', ')}). CPU is percent of one core over the step ` +
      `(server: the hub or baseline process; PG: the hub database's backends; clients: the ${o.workers} client processes; others: everything else on the machine). ` +
      `Event size on the wire ≈ ${r.steps.find((s) => s.system === 'hub')?.eventBytes ?? '–'} bytes (hub), ${r.steps.find((s) => s.system === 'baseline')?.eventBytes ?? '–'} bytes (baseline) per delivered event as JSON.`,
    '',
  );

  const rs = r.restUnderLoad;
  if (rs?.rest) {
    lines.push(
      '## REST under load',
      '',
      `\`GET /cases/:id/threads/:id/messages?order=desc&limit=50\` as each case's sykmeldt, ${o.restRate} a second for ${o.durationS} s, while the sockets send ${int(rs.rate)} msg/s: ` +
        `p50 ${f(rs.rest.latency.p50)} ms, p95 ${f(rs.rest.latency.p95)} ms, p99 ${f(rs.rest.latency.p99)} ms, max ${f(rs.rest.latency.max)} ms; ${rs.rest.ok} of ${rs.rest.requests} answered 200 ` +
        `(${JSON.stringify(rs.rest.statuses)}), ${rs.rest.messagesPerPage} messages a page. The sockets meanwhile: send→deliver p50 ${f(rs.deliver.p50)} / p99 ${f(rs.deliver.p99)} ms, ` +
        `lost ${rs.lost}, hub CPU ${f(rs.cpu.server, 0)} %, PostgreSQL ${f(rs.cpu.pg, 0)} %.`,
      '',
    );
  }
  if (r.idle) {
    lines.push(
      '## Memory per idle socket',
      '',
      '| | sockets | connect s | RSS before MB | RSS after MB | per socket KB |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const [name, i] of [
      ['hub', r.idle.hub],
      ['naive durable', r.idle.durable],
      ['bare socket.io', r.idle.baseline],
    ] as const) {
      if (i)
        lines.push(
          `| ${name} | ${int(i.sockets)}${i.failed ? ` (${i.failed} failed)` : ''} | ${f(i.connectS)} | ${f(i.rssBeforeMb, 0)} | ${f(i.rssAfterMb, 0)} | ${f(i.perSocketKb)} |`,
        );
    }
    lines.push(
      '',
      `Each socket authenticated with a token and subscribed to its case (the ${int(Number(o.cases) * 4)} parties' tokens, reused round-robin); RSS is the median of five readings after the process settles.`,
      '',
    );
  }
  if (r.catchup) {
    const c = r.catchup;
    lines.push('## Resume catch-up', '');
    lines.push(
      `${int(c.events)} events were sent into one case (${f(c.burstMs / 1000)} s, acked); then a fresh client subscribed with the \`after\` from before them, ${c.runs.length} times, ` +
        `no other subscriber on the case. Time from \`case.subscribe\` to the last missed event: p50 ${f(c.p50Ms)} ms, max ${f(c.maxMs)} ms.`,
      '',
      '| role | events | subscribe→last event ms | subscribe→ack ms | connect ms | dup | out of order | bytes |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of c.runs)
      lines.push(
        `| ${x.role} | ${x.events} | ${f(x.eventsMs)} | ${f(x.ackMs)} | ${f(x.connectMs)} | ${x.duplicates} | ${x.outOfOrder} | ${int(x.bytes)} |`,
      );
    lines.push('');
  }
  lines.push(
    '## Noise',
    '',
    `The machine has ${r.noise.machineCores} cores shared with other work; other processes used on average ${f(r.noise.otherCpuMeanPct, 0)} % ` +
      `(at most ${f(r.noise.otherCpuMaxPct, 0)} %) of one core during the steps (column "others" above)` +
      (Number(o.quietWaitS) > 0
        ? `; before each step the bench waited up to ${o.quietWaitS} s for a second in which others used under 30 % of a core (${f(r.noise.waitedForQuietS, 0)} s in all).`
        : '.') +
      ` Hub log lines at warn: ${r.hubLog.warnings}, error or worse: ${r.hubLog.errors}.`,
    '',
  );
  if (r.hubLog.lines.length > 0) lines.push('```', ...r.hubLog.lines.map((l) => l.slice(0, 300)), '```', '');
  if (r.profile) {
    const p = r.profile;
    lines.push(
      '## Where the hub spends its time',
      '',
      `CPU profile (\`node --cpu-prof\`) of the hub during the ${int(p.step)} msg/s step: ${int(p.samples)} samples over ${f(p.windowMs / 1000)} s; ` +
        `the main thread was busy ${f(p.busyPct)} % of the time. ${f(p.writevPct)} % of the busy samples are in the native \`writev\` (socket writes): the profiler ` +
        `samples by wall clock, and on a saturated machine the thread is often preempted just after a write wakes its reader (a PostgreSQL backend or a client), ` +
        `while a 600-byte loopback write costs about 10 µs of CPU here. The shares below leave \`writev\` out.`,
      '',
      '| area | inclusive % | self % |',
      '| --- | --- | --- |',
    );
    const self = new Map(p.selfByArea.map((a) => [a.area, a.pct]));
    for (const a of p.inclusiveByArea.slice(0, 16)) lines.push(`| ${a.area} | ${f(a.pct)} | ${f(self.get(a.area) ?? 0)} |`);
    lines.push('', '| hub function (inclusive) | % |', '| --- | --- |');
    for (const x of p.hubFunctions.slice(0, 15)) lines.push(`| \`${x.fn}\` | ${f(x.pct)} |`);
    lines.push('', '| hottest functions (self) | area | % |', '| --- | --- | --- |');
    for (const x of p.selfTop.slice(0, 15)) lines.push(`| \`${x.fn}\` | ${x.area} | ${f(x.pct)} |`);
    lines.push('');
  }
  lines.push(
    '## Rerun',
    '',
    '```sh',
    'npm run bench:quick                  # under a minute (bench/results/quick.*)',
    'npm run bench                        # the full run behind this report',
    'npm run bench -- --profile          # also profile the hub (node --cpu-prof) and say where its time goes',
    'npm run bench -- --help              # flags',
    '```',
    '',
  );
  return lines.join('\n');
}

/** Latency against delivered throughput, both axes logarithmic, p99 solid and p50 dashed; the limit as a red line. */
export function renderSvg(r: BenchResult): string {
  const W = 760;
  const H = 440;
  const m = { l: 70, r: 20, t: 40, b: 60 };
  const steps = r.steps.filter((s) => s.deliveredPerS > 0 && s.deliver.p99 !== null);
  const xs = steps.map((s) => s.deliveredPerS);
  const ys = steps.flatMap((s) => [s.deliver.p50 ?? 1, s.deliver.p99 ?? 1]);
  const limit = Number(r.options.p99LimitMs);
  const decade = (v: number, up: boolean) => 10 ** (up ? Math.ceil(Math.log10(v)) : Math.floor(Math.log10(v)));
  const x0 = decade(Math.min(...xs, 1000), false);
  const x1 = decade(Math.max(...xs, 1001), true);
  const y0 = decade(Math.max(Math.min(...ys, 1), 0.01), false);
  const y1 = decade(Math.max(...ys, limit * 2), true);
  const X = (v: number) => m.l + ((Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * (W - m.l - m.r);
  const Y = (v: number) => H - m.b - ((Math.log10(Math.max(v, y0)) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">send→deliver latency against delivered messages/s (${r.mode} run, ${r.startedAt.slice(0, 10)})</text>`,
  );
  const tick = (lo: number, hi: number) => {
    const t: number[] = [];
    for (let d = lo; d <= hi; d *= 10) for (const k of [1, 2, 5]) if (d * k >= lo && d * k <= hi) t.push(d * k);
    return t;
  };
  for (const v of tick(x0, x1)) {
    out.push(`<line x1="${X(v)}" y1="${m.t}" x2="${X(v)}" y2="${H - m.b}" stroke="#eee"/>`);
    out.push(`<text x="${X(v)}" y="${H - m.b + 16}" text-anchor="middle">${v >= 1000 ? `${v / 1000}k` : v}</text>`);
  }
  for (const v of tick(y0, y1)) {
    out.push(`<line x1="${m.l}" y1="${Y(v)}" x2="${W - m.r}" y2="${Y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${(W + m.l) / 2}" y="${H - 18}" text-anchor="middle">delivered messages per second (log)</text>`);
  out.push(`<text transform="translate(18 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">ms (log)</text>`);
  out.push(`<line x1="${m.l}" y1="${Y(limit)}" x2="${W - m.r}" y2="${Y(limit)}" stroke="#d33" stroke-dasharray="6 4"/>`);
  out.push(`<text x="${W - m.r - 4}" y="${Y(limit) - 5}" text-anchor="end" fill="#d33">p99 limit ${limit} ms</text>`);
  const colors: Record<System, string> = { hub: '#1f5fbf', baseline: '#888', durable: '#c77c0e' };
  for (const system of ['baseline', 'durable', 'hub'] as const) {
    const s = steps.filter((x) => x.system === system);
    if (s.length === 0) continue;
    for (const [key, dash] of [
      ['p99', ''],
      ['p50', '4 3'],
    ] as const) {
      const pts = s.map((x) => `${X(x.deliveredPerS).toFixed(1)},${Y(x.deliver[key] ?? y0).toFixed(1)}`);
      out.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${colors[system]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      );
      for (const x of s) {
        const cx = X(x.deliveredPerS).toFixed(1);
        const cy = Y(x.deliver[key] ?? y0).toFixed(1);
        out.push(
          x.pass
            ? `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colors[system]}"/>`
            : `<circle cx="${cx}" cy="${cy}" r="4" fill="white" stroke="${colors[system]}" stroke-width="2"/>`,
        );
      }
    }
  }
  const lx = m.l + 12;
  const legend: [string, string, string][] = [
    ['hub p99', colors.hub, ''],
    ['hub p50', colors.hub, '4 3'],
    ['naive durable p99', colors.durable, ''],
    ['naive durable p50', colors.durable, '4 3'],
    ['bare socket.io p99', colors.baseline, ''],
    ['bare socket.io p50', colors.baseline, '4 3'],
  ];
  legend.forEach(([label, color, dash], i) => {
    const y = m.t + 16 + i * 16;
    out.push(
      `<line x1="${lx}" y1="${y - 4}" x2="${lx + 24}" y2="${y - 4}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    out.push(`<text x="${lx + 30}" y="${y}">${label}</text>`);
  });
  out.push(`<text x="${lx}" y="${m.t + 16 + 6 * 16}" fill="#555">open circle: step failed</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
