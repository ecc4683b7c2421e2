/**
 * `npm run bench`: starts the built hub as its own process on a fresh database, a bare socket.io baseline beside it,
 * and client processes with real socket.io-client sockets; measures memory per idle socket, resume catch-up and
 * stepped send load on both, and writes bench/results/<out>.{json,md,svg}. Bounded in count and time, loopback only,
 * and every process, folder and database it made is removed on the way out, also on failure or Ctrl-C.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { nowUs, sleep } from './clock';
import { Histogram } from './histogram';
import { cpuSeconds, CpuWindow, machineCpu, openFilesLimit, round1, rssBytes } from './proc';
import type { BaselineProcess, BenchDatabase, DbCounters, HubProcess, HubStart, PrivatePostgres } from './processes';
import {
  adminUrl,
  BackendWatch,
  canPin,
  CLIENT_CORE,
  ClientProcess,
  OTHER_DATABASES,
  createBenchDatabase,
  perMessage,
  pin,
  serverReachable,
  SERVER_CORE,
  startBaseline,
  startHub,
  startPrivatePostgres,
} from './processes';
import type { Options } from './options';
import { parseOptions } from './options';
import type { BurstResult, CatchupResult, ConnectResult, Party, RestResult, StepResult } from './protocol';
import type { BenchResult, CatchupReport, IdleReport, StepReport, System, SystemRow, Target } from './report';
import { renderMarkdown, renderSvg } from './report';
import type { SeededCase } from './seed';
import { seedCases } from './seed';
import { summarizeProfile } from './profile-summary';
import { Probes } from './probes';
import { scrape, stagesBetween } from './hub-stages';

const ROOT = resolve(__dirname, '..', '..', '..');
const BUILT_HUB = join(ROOT, 'dist', 'apps', 'hub', 'src', 'main.js');
const RESULTS = join(ROOT, 'bench', 'results');

const log = (msg: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Undo steps, run last-in first-out: stop the hub before dropping its database, and so on. */
class Cleanup {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];
  private running?: Promise<void>;

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const s = this.steps.pop()!;
        await Promise.race([s.run(), sleep(40_000)]).catch((e: unknown) =>
          log(`cleanup: ${s.what} failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    })();
    return this.running;
  }
}

/** Module-wide, so a failure anywhere (even while an interrupt is being handled) waits for the same cleanup. */
const cleanup = new Cleanup();
/** Set once an interrupt or the time limit is being handled; what fails after that is a consequence, not news. */
let exiting = false;
/** For the failure message: what the hub logged at warn or worse. */
let measuredHub: HubProcess | undefined;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function rssMedian(pid: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(rssBytes(pid));
    await sleep(200);
  }
  return median(xs);
}

/** Waits until the processes use under 10 % of a core over 300 ms (at most `maxMs`), so a step starts on a settled server. */
async function quiesce(pids: number[], maxMs = 5000): Promise<void> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const c0 = pids.reduce((a, p) => a + cpuSeconds(p), 0);
    await sleep(300);
    const used = pids.reduce((a, p) => a + cpuSeconds(p), 0) - c0;
    if (used / 0.3 < 0.1) return;
  }
}

/**
 * Others share this machine: before a step, wait (at most `maxS`) for a second in which other processes use less than
 * `thresholdPct` of a core, so steps land in quieter moments. Returns the seconds waited.
 */
async function awaitQuiet(ours: () => number[], maxS: number, thresholdPct = 30): Promise<number> {
  const t0 = Date.now();
  if (maxS <= 0) return 0;
  for (;;) {
    const m0 = machineCpu();
    const o0 = ours().reduce((a, p) => a + cpuSeconds(p), 0);
    const w0 = Date.now();
    await sleep(1000);
    const others = machineCpu().busy - m0.busy - (ours().reduce((a, p) => a + cpuSeconds(p), 0) - o0);
    if ((others / ((Date.now() - w0) / 1000)) * 100 < thresholdPct || (Date.now() - t0) / 1000 >= maxS) break;
  }
  return Math.round((Date.now() - t0) / 100) / 10;
}

interface Ctx {
  opts: Options;
  workers: ClientProcess[];
  cases: SeededCase[];
  catchupCase?: SeededCase;
  hub: HubProcess;
  backends: BackendWatch;
  /** The bare socket.io baseline. */
  baseline?: BaselineProcess;
  /** The naive durable baseline: one INSERT per message, then broadcast. */
  durable?: BaselineProcess;
  /** The bench's own PostgreSQL (the hub's and the durable baseline's databases), pinned with the servers. */
  pg?: PrivatePostgres;
  /** The databases on it of the hub and of the naive durable baseline. */
  pgDbs?: { hub: string; durable: string };
  probes: Probes;
  stepCounter: number;
}

/** Every process of ours: the servers, the hub's PostgreSQL backends, the clients. */
const ourPids = (ctx: Ctx, pgPids: number[]) => [
  ctx.hub.pid,
  ...(ctx.baseline ? [ctx.baseline.pid] : []),
  ...(ctx.durable ? [ctx.durable.pid] : []),
  ...ctx.workers.map((w) => w.pid),
  ...pgPids,
];

const serverOf = (ctx: Ctx, system: System): { pid: number; url: string } =>
  system === 'hub' ? ctx.hub : system === 'baseline' ? ctx.baseline! : ctx.durable!;

/** The cases each client process holds: whole cases, so a message's sender and receivers share a clock and a loss check. */
const partiesOf = (ctx: Ctx, w: number): Party[] => ctx.cases.filter((c) => c.idx % ctx.workers.length === w).flatMap((c) => c.parties);

async function idleMemory(ctx: Ctx, system: System, pid: number, url: string): Promise<IdleReport> {
  const all = ctx.cases.flatMap((c) => c.parties);
  const n = ctx.opts.idleSockets;
  await quiesce([pid]);
  const before = await rssMedian(pid);
  const t0 = Date.now();
  const group = `idle-${system}`;
  const results = await Promise.all(
    ctx.workers.map((w, wi) => {
      const parties: Party[] = [];
      for (let i = wi; i < n; i += ctx.workers.length) parties.push(all[i % all.length]);
      return w.request<ConnectResult>({ kind: 'connect', group, url, parties, live: false, concurrency: 50, timeoutMs: 30_000 });
    }),
  );
  const connectS = (Date.now() - t0) / 1000;
  const connected = results.reduce((a, r) => a + r.connected, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  if (failed > 0) log(`${system}: ${failed} idle sockets failed: ${JSON.stringify(results.map((r) => r.errors))}`);
  await quiesce([pid], 10_000);
  await sleep(1000);
  const after = await rssMedian(pid);
  await Promise.all(ctx.workers.map((w) => w.request({ kind: 'disconnect', group })));
  const report = {
    sockets: connected,
    failed,
    connectS: round1(connectS),
    rssBeforeMb: before / 2 ** 20,
    rssAfterMb: after / 2 ** 20,
    perSocketKb: connected ? (after - before) / connected / 1024 : 0,
  };
  log(
    `${system}: ${connected} idle sockets in ${report.connectS} s, RSS ${report.rssBeforeMb.toFixed(0)} → ${report.rssAfterMb.toFixed(0)} MB, ${report.perSocketKb.toFixed(1)} KB per socket`,
  );
  await quiesce([pid], 10_000);
  return report;
}

async function catchUp(ctx: Ctx): Promise<CatchupReport> {
  const c = ctx.catchupCase!;
  const sender = c.parties[0];
  const burst = await ctx.workers[0].request<BurstResult>({
    kind: 'burst',
    url: ctx.hub.url,
    party: sender,
    count: ctx.opts.catchupEvents,
    payloadBytes: ctx.opts.payloadBytes,
    inFlight: 50,
    timeoutMs: 30_000,
  });
  if (burst.failed > 0)
    throw new Error(`catch-up: ${burst.failed} of ${ctx.opts.catchupEvents} sends failed, the first with ${burst.firstError}`);
  log(`catch-up: ${burst.acked} messages sent in ${burst.ms} ms (seq ${burst.minSeq}..${burst.maxSeq})`);
  await quiesce([ctx.hub.pid]);
  const runs: CatchupReport['runs'] = [];
  for (let i = 0; i < ctx.opts.catchupRuns; i++) {
    const party = c.parties[i % c.parties.length];
    const r = await ctx.workers[i % ctx.workers.length].request<CatchupResult>({
      kind: 'catchup',
      url: ctx.hub.url,
      party,
      after: burst.minSeq - 1,
      expect: burst.acked,
      timeoutMs: 20_000,
    });
    runs.push({ role: party.role, ...r });
    await quiesce([ctx.hub.pid], 2000);
  }
  const ms = runs.map((r) => (Number.isNaN(r.eventsMs) ? Infinity : r.eventsMs));
  const report = { events: burst.acked, runs, burstMs: burst.ms, p50Ms: median(ms), maxMs: Math.max(...ms) };
  log(`catch-up of ${report.events} events: p50 ${report.p50Ms.toFixed(1)} ms, max ${report.maxMs.toFixed(1)} ms`);
  return report;
}

async function loadStep(ctx: Ctx, system: System, rate: number, withRest = false): Promise<StepReport> {
  const { opts, workers } = ctx;
  const { pid: serverPid, url } = serverOf(ctx, system);
  const usesPg = system !== 'baseline';
  const clients = ctx.cases.length * 4;
  let pgPids = await ctx.backends.pids([ctx.probes.pgPid]);
  // Both servers, the database and the clients settle first: the previous step's tail must not run into this one.
  await quiesce(ourPids(ctx, pgPids));
  const waitedS = await awaitQuiet(() => [process.pid, ...ourPids(ctx, pgPids)], opts.quietWaitS);
  if (system !== 'hub') pgPids = [];
  const dbBefore: DbCounters | undefined = system === 'hub' ? await ctx.backends.stats() : undefined;
  const walBefore = usesPg && ctx.pg ? await ctx.pg.walBytes() : undefined;
  const lsnBefore = usesPg && ctx.pg ? await ctx.pg.walLsn() : undefined;
  const storedTable = system === 'hub' ? 'messages' : 'relay_messages';
  const storedBefore = usesPg && ctx.pg && ctx.pgDbs ? await ctx.pg.rows(ctx.pgDbs[system], storedTable) : undefined;
  // Also resets the hub's event-loop delay percentiles, so the scrape after the step covers just the step.
  const stagesBefore = system === 'hub' ? await scrape(url) : undefined;
  // With the bench's own PostgreSQL, its whole CPU (every backend and helper process) is the server side's database
  // share; on a shared server only the hub database's backends can be told apart.
  const cpu = ctx.pg
    ? new CpuWindow(
        { server: () => [serverPid], clients: () => workers.map((w) => w.pid) },
        usesPg ? { pg: () => ctx.pg!.cpuSeconds() } : {},
      )
    : new CpuWindow({ server: () => [serverPid], pg: () => pgPids, clients: () => workers.map((w) => w.pid) });
  let rssPeak = 0;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssBytes(serverPid))), 250);
  const stepId = ++ctx.stepCounter;
  const durationMs = opts.durationS * 1000;
  const t0 = nowUs();
  ctx.probes.start(system === 'hub' ? `${url}/health/live` : `${url}/health`, usesPg);
  const restTargets = ctx.cases.map((c) => ({
    path: `/cases/${c.caseId}/threads/${c.threadId}/messages?order=desc&limit=50`,
    token: c.parties[0].token,
  }));
  const rest =
    withRest && opts.restRate > 0
      ? workers[workers.length - 1].request<RestResult>({
          kind: 'rest',
          url,
          targets: restTargets,
          rate: opts.restRate,
          durationMs,
          timeoutMs: 10_000,
        })
      : undefined;
  const results = await Promise.all(
    workers.map((w, wi) => {
      const share = (rate * partiesOf(ctx, wi).length) / clients;
      return w.request<StepResult>(
        {
          kind: 'step',
          group: system,
          stepId,
          rate: share,
          durationMs,
          payloadBytes: opts.payloadBytes,
          ackTimeoutMs: 10_000,
          drainMs: opts.drainS * 1000,
        },
        durationMs + 60_000,
      );
    }),
  );
  const restResult = rest ? await rest : undefined;
  const probeCommits = ctx.probes.commits;
  const stagesAfter = system === 'hub' ? await scrape(url) : undefined;
  const probes = await ctx.probes.stop();
  clearInterval(rssTimer);
  if (system === 'hub') pgPids = [...new Set([...pgPids, ...(await ctx.backends.pids([ctx.probes.pgPid]))])];
  // A backend publishes its counters about a second after it goes idle, and work that trails the write (the search
  // indexer) belongs to the step: let the server and its database settle before CPU, WAL and counters are read.
  // The hub's trailing work for the step's messages (search indexing, varsel planning) is the step's: wait for its queues.
  if (
    system === 'hub' &&
    ctx.pg &&
    ctx.pgDbs &&
    !(await ctx.pg.drained(ctx.pgDbs.hub, 90_000, opts.hubEnv.VARSEL_JOB_INTERVAL_SECONDS !== '0'))
  )
    log('hub: the search and varsel queues were not empty 90 s after the step');
  if (usesPg) await quiesce([serverPid, ...pgPids], 5000).then(() => sleep(1500));
  const usage = cpu.end();
  const walAfter = walBefore !== undefined ? await ctx.pg!.walBytes() : undefined;
  // Per message stored (committed), not per ack: an overloaded server stores messages whose acks time out.
  const stored =
    storedBefore !== undefined ? (await ctx.pg!.rows(ctx.pgDbs![system as 'hub' | 'durable'], storedTable)) - storedBefore : undefined;
  const acked = stored ?? results.reduce((a, r) => a + r.acked, 0);
  // What the WAL was written for, at the rates the headline reports (reading it back costs a second or two).
  const walParts =
    lsnBefore && ctx.pgDbs && system !== 'baseline' && reportRates(opts).includes(rate) && !withRest
      ? await ctx
          .pg!.walByRelation(ctx.pgDbs[system], lsnBefore, await ctx.pg!.walLsn())
          .then((parts) =>
            parts.map((x) => ({
              ...x,
              bytesPerMessage: Math.round(x.bytes / Math.max(acked, 1)),
              recordsPerMessage: x.records / Math.max(acked, 1),
            })),
          )
          .catch((e: unknown) => (log(`WAL by relation failed: ${e instanceof Error ? e.message : String(e)}`), undefined))
      : undefined;
  const dbAfter = dbBefore ? await ctx.backends.stats() : undefined;
  const sum = (k: keyof StepResult) => results.reduce((a, r) => a + (r[k] as number), 0);
  const ack = new Histogram();
  const deliver = new Histogram();
  const ackErrors: Record<string, number> = {};
  const byRole: Record<string, number> = {};
  for (const r of results) {
    ack.merge(r.ack);
    deliver.merge(r.deliver);
    for (const [k, v] of Object.entries(r.ackErrors)) ackErrors[k] = (ackErrors[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.deliveredByRole)) byRole[k] = (byRole[k] ?? 0) + v;
  }
  const firstSend = Math.min(...results.map((r) => r.firstSendUs || Infinity));
  const lastSend = Math.max(...results.map((r) => r.lastSendUs));
  const lastDeliver = Math.max(...results.map((r) => r.lastDeliverUs));
  const delivered = sum('delivered');
  const s: StepReport = {
    system,
    rate,
    durationS: opts.durationS,
    clients,
    sent: sum('sent'),
    acked: sum('acked'),
    ackErrors,
    ackTimeouts: sum('ackTimeouts'),
    delivered,
    deliveredByRole: byRole,
    expected: sum('expected'),
    lost: sum('lost'),
    duplicates: sum('duplicates'),
    outOfOrder: sum('outOfOrder'),
    deliveredUnacked: sum('deliveredUnacked'),
    stale: sum('stale'),
    ack: ack.summary(),
    deliver: deliver.summary(),
    sentPerS: Math.round(sum('sent') / opts.durationS),
    deliveredPerS: lastDeliver > firstSend ? Math.round(delivered / ((lastDeliver - firstSend) / 1e6)) : 0,
    eventBytes: Math.round(results.reduce((a, r) => a + r.eventBytes, 0) / results.length),
    sampleEvent: results.find((r) => r.sampleEvent)?.sampleEvent,
    db: dbBefore && dbAfter ? perMessage(dbBefore, dbAfter, sum('acked'), probeCommits) : undefined,
    // The commit probe's own WAL (a one-row INSERT every 50 ms, ~120 bytes each) is a few bytes per message: left in.
    walParts,
    storedMessages: stored,
    // With the breakdown, what other databases' relations got (another system's trailing work) and the probe's rows are left out.
    walBytesPerMessage:
      walBefore !== undefined && walAfter !== undefined
        ? Math.round(
            (walAfter -
              walBefore -
              (walParts ?? []).filter((x) => x.what === OTHER_DATABASES || x.what === 'bench_probe').reduce((n, x) => n + x.bytes, 0)) /
              Math.max(acked, 1),
          )
        : usesPg
          ? undefined
          : 0,
    stages: stagesBetween(stagesBefore, stagesAfter),
    cpu: usage,
    rssMb: { end: Math.round(rssBytes(serverPid) / 2 ** 20), peak: Math.round(Math.max(rssPeak, rssBytes(serverPid)) / 2 ** 20) },
    clientLoopDelayP99Ms: round1(Math.max(...results.map((r) => r.loopDelayP99Ms))),
    sendLagMaxMs: round1(Math.max(...results.map((r) => r.sendLagMaxMs))),
    disconnects: sum('disconnects'),
    drained: results.every((r) => r.drained),
    window: { fromUs: Number.isFinite(firstSend) ? firstSend : t0, toUs: lastSend || nowUs() },
    waitedForQuietS: waitedS,
    probes,
    gc: system === 'hub' ? ctx.hub.gcPauses(Number.isFinite(firstSend) ? firstSend : t0, Math.max(lastDeliver, lastSend)) : undefined,
    rest: restResult && {
      requests: restResult.requests,
      ok: restResult.ok,
      statuses: restResult.statuses,
      latency: Histogram.from(restResult.latency).summary(),
      messagesPerPage: Math.round(restResult.messagesPerPage),
    },
    pass: false,
    problems: [],
  };
  const failures = Object.values(ackErrors).reduce((a, b) => a + b, 0) + s.ackTimeouts;
  if (failures > 0)
    s.problems.push(
      `${failures} sends not acked (${JSON.stringify({ ...ackErrors, ...(s.ackTimeouts ? { timeout: s.ackTimeouts } : {}) })})`,
    );
  if (s.lost > 0) s.problems.push(`${s.lost} lost`);
  if (s.duplicates > 0) s.problems.push(`${s.duplicates} duplicated`);
  if (s.outOfOrder > 0) s.problems.push(`${s.outOfOrder} out of order`);
  if (s.disconnects > 0) s.problems.push(`${s.disconnects} disconnects`);
  if ((s.deliver.p99 ?? Infinity) > opts.p99LimitMs) s.problems.push(`p99 ${s.deliver.p99} ms > ${opts.p99LimitMs} ms`);
  if (!s.drained && s.lost === 0) s.problems.push('not drained');
  s.pass = s.problems.length === 0;
  log(
    `${system.padEnd(8)} ${String(rate).padStart(6)} msg/s: sent ${s.sent} acked ${s.acked} delivered ${s.delivered}/${s.expected} lost ${s.lost} dup ${s.duplicates} · ` +
      `ack p50/p99 ${s.ack.p50}/${s.ack.p99} ms · deliver p50/p99/max ${s.deliver.p50}/${s.deliver.p99}/${s.deliver.max} ms · ${s.deliveredPerS} deliveries/s · ` +
      (s.walBytesPerMessage ? `WAL ${s.walBytesPerMessage} B/msg · ` : '') +
      `CPU server ${usage.server}% pg ${usage.pg ?? '–'}% clients ${usage.clients}% others ${usage.other}% · RSS ${s.rssMb.peak} MB` +
      (s.rest ? ` · REST p50/p99 ${s.rest.latency.p50}/${s.rest.latency.p99} ms` : '') +
      ` · ${s.pass ? 'pass' : `FAIL (${s.problems.join('; ')})`}`,
  );
  return s;
}

/** The rates the issue's table reports every system at: the low one and the target one. */
const reportRates = (opts: Options) => [...new Set([LOW_RATE, opts.targetRate])];
const LOW_RATE = 250;

function headline(
  opts: Options,
  steps: StepReport[],
  idle: BenchResult['idle'],
  catchup: CatchupReport | undefined,
  rest: StepReport | undefined,
): BenchResult['headline'] {
  const best = (system: System) => steps.filter((s) => s.system === system && s.pass).sort((a, b) => b.rate - a.rate)[0];
  const topped = (system: System) => {
    const own = steps.filter((s) => s.system === system);
    return own.length > 0 && own.every((s) => s.pass);
  };
  const atRate = (system: System, rate: number) => steps.find((s) => s.system === system && s.rate === rate);
  const perMsg = (s: StepReport | undefined, k: string) => (s && s.acked ? (s.cpu[`${k}Seconds`] * 1000) / s.acked : undefined);
  const idleOf = (system: System) => (system === 'hub' ? idle?.hub : system === 'baseline' ? idle?.baseline : idle?.durable);
  const systems = (['baseline', 'durable', 'hub'] as const).filter((x) => steps.some((s) => s.system === x));
  const table: SystemRow[] = systems.map((system) => {
    const top = best(system);
    const low = atRate(system, LOW_RATE);
    const target = atRate(system, opts.targetRate);
    const server = perMsg(target, 'server');
    const pg = perMsg(target, 'pg');
    return {
      system,
      cleanUpTo: top?.rate ?? 0,
      topped: topped(system),
      lowRate: LOW_RATE,
      p99Low: low?.deliver.p99 ?? null,
      p95Low: low?.deliver.p95 ?? null,
      lowClean: low?.pass ?? false,
      targetRate: opts.targetRate,
      p99Target: target?.deliver.p99 ?? null,
      targetClean: target?.pass ?? false,
      cpuServerMs: server ?? null,
      cpuPgMs: system === 'baseline' ? 0 : (pg ?? null),
      walBytes: target?.walBytesPerMessage ?? null,
      idleKb: idleOf(system)?.perSocketKb ?? null,
    };
  });
  const row = (system: System) => table.find((r) => r.system === system);
  const hub = row('hub');
  const bare = row('baseline');
  const durable = row('durable');
  const cpu = (r?: SystemRow) => (r && r.cpuServerMs !== null ? r.cpuServerMs + (r.cpuPgMs ?? 0) : undefined);
  const targets: Target[] = [];
  const x = (a?: number | null, b?: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  targets.push({
    name: 'hub clean (p99 ≤ 50 ms, nothing lost) up to, msg/s',
    target: '≥ 2,000 and ahead of the naive durable baseline',
    reached: hub
      ? `${hub.topped ? '≥ ' : ''}${hub.cleanUpTo.toLocaleString('en-US')} (naive durable ${durable ? durable.cleanUpTo.toLocaleString('en-US') : '–'}, bare ${bare ? bare.cleanUpTo.toLocaleString('en-US') : '–'})`
      : 'not run',
    met: hub ? hub.cleanUpTo >= 2000 && (!durable || hub.cleanUpTo > durable.cleanUpTo || (hub.topped && durable.topped)) : null,
  });
  targets.push({
    name: `hub p99 send→deliver at ${LOW_RATE} msg/s`,
    target: '≤ 15 ms',
    reached:
      hub?.p99Low != null
        ? `${hub.p99Low} ms (p95 ${hub.p95Low}; naive durable ${durable?.p99Low ?? '–'} ms, bare ${bare?.p99Low ?? '–'} ms)`
        : 'not run',
    met: hub?.p99Low != null ? hub.p99Low <= 15 : null,
  });
  targets.push({
    name: `server CPU per message at ${opts.targetRate} msg/s (hub + PostgreSQL)`,
    target: '≤ 0.4 ms',
    reached:
      cpu(hub) !== undefined
        ? `${cpu(hub)!.toFixed(2)} ms (hub ${hub!.cpuServerMs!.toFixed(2)} + PostgreSQL ${(hub!.cpuPgMs ?? 0).toFixed(2)}); ÷ naive durable ${x(cpu(hub), cpu(durable))}, ÷ bare ${x(cpu(hub), cpu(bare))}`
        : 'not run',
    met: cpu(hub) !== undefined ? cpu(hub)! <= 0.4 : null,
  });
  targets.push({
    name: `WAL bytes per message at ${opts.targetRate} msg/s`,
    target: '≤ 1,000',
    reached:
      hub?.walBytes != null
        ? `${hub.walBytes.toLocaleString('en-US')} (naive durable ${durable?.walBytes?.toLocaleString('en-US') ?? '–'}: ${x(hub.walBytes, durable?.walBytes)})`
        : 'not measured (needs the private PostgreSQL)',
    met: hub?.walBytes != null ? hub.walBytes <= 1000 : null,
  });
  targets.push({
    name: 'memory per idle socket, hub ÷ bare socket.io',
    target: '≤ 1.2×',
    reached:
      idle?.ratio !== undefined
        ? `${idle.ratio.toFixed(2)}× (hub ${idle.hub.perSocketKb.toFixed(1)} KB, bare ${idle.baseline!.perSocketKb.toFixed(1)} KB)`
        : idle
          ? `hub ${idle.hub.perSocketKb.toFixed(1)} KB`
          : 'not run',
    met: idle?.ratio === undefined ? null : idle.ratio <= 1.2,
  });
  targets.push({
    name: `${opts.catchupEvents.toLocaleString('en-US')}-event catch-up`,
    target: '≤ 100 ms',
    reached: catchup ? `p50 ${catchup.p50Ms.toFixed(1)} ms, max ${catchup.maxMs.toFixed(1)} ms` : 'not run',
    met: catchup ? catchup.p50Ms <= 100 : null,
  });
  if (rest?.rest) {
    targets.push({
      name: `REST page of 50 messages while sockets send ${rest.rate} msg/s`,
      target: '(reported)',
      reached: `p50 ${rest.rest.latency.p50} ms, p99 ${rest.rest.latency.p99} ms (${rest.rest.ok} of ${rest.rest.requests} reads ok, ${rest.rest.messagesPerPage} messages a page; sockets' p99 meanwhile ${rest.deliver.p99} ms)`,
      met: null,
    });
  }
  return { table, targets };
}

interface Owner {
  pid: number;
  server?: string;
  database?: string;
}
const OWNER = 'owner.json';

/** Removes what an earlier run left when it was killed outright (SIGKILL): its temporary folder and its database. */
async function sweepLeftovers(): Promise<void> {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('hub-bench-'))) {
    const dir = join(tmpdir(), name);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER), 'utf8')) as Owner;
    } catch {
      continue;
    }
    try {
      process.kill(owner.pid, 0);
      continue; // still running
    } catch {
      // gone
    }
    if (owner.server && owner.database) {
      const c = new Client({ connectionString: owner.server, connectionTimeoutMillis: 5000 });
      try {
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${owner.database.replace(/[^\w]/g, '')} WITH (FORCE)`);
        log(`dropped ${owner.database}, left by an earlier run (pid ${owner.pid})`);
      } catch {
        continue;
      } finally {
        await c.end().catch(() => undefined);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (!/^[\w-]+$/.test(opts.out)) throw new Error('--out must be letters, digits, - or _');
  if (!opts.rates.includes(opts.targetRate) && opts.targetRate > Math.min(...opts.rates) && opts.targetRate < Math.max(...opts.rates)) {
    opts.rates = [...opts.rates, opts.targetRate].sort((a, b) => a - b);
  }
  const hubMain = resolve(opts.hubMain ?? BUILT_HUB);
  if (!existsSync(hubMain)) throw new Error(`${hubMain} is missing: run npm run build (npm run bench does)`);
  const started = new Date();
  const abort = (why: string, code: number) => {
    if (exiting) return;
    exiting = true;
    log(`${why}: stopping and cleaning up`);
    void cleanup.run().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => abort('interrupted', 130));
  process.on('SIGTERM', () => abort('terminated', 143));
  const limit = setTimeout(() => abort(`time limit of ${opts.maxMinutes} min reached`, 3), opts.maxMinutes * 60_000);

  try {
    const fdNeed = opts.idleSockets + opts.cases * 8 + 500;
    const fdLimit = openFilesLimit();
    if (fdLimit < fdNeed) {
      const fit = Math.max(0, fdLimit - opts.cases * 8 - 500);
      log(`open files limit ${fdLimit} is below ${fdNeed} (raise it with ulimit -n); idle sockets reduced to ${fit}`);
      opts.idleSockets = fit;
    }
    await sweepLeftovers();
    const tmp = mkdtempSync(join(tmpdir(), 'hub-bench-'));
    // The embedded PostgreSQL runs as the postgres user when we are root; it must be able to enter the folder.
    chmodSync(tmp, 0o755);
    const owner = (o: Owner) => writeFileSync(join(tmp, OWNER), JSON.stringify(o), { mode: 0o600 });
    owner({ pid: process.pid });
    cleanup.add('remove temporary folder', () => Promise.resolve(rmSync(tmp, { recursive: true, force: true })));

    // The bench process and the client processes run on one core, the servers and their database on the other.
    if (canPin()) pin(process.pid, CLIENT_CORE);
    else log('taskset or a second core is missing: nothing is pinned, and clients and servers share the cores');
    let db: BenchDatabase;
    let privatePg: PrivatePostgres | undefined;
    let durableUrl: string | undefined;
    let pgDbs: Ctx['pgDbs'];
    if (!opts.pg && !opts.embedded) {
      privatePg = await startPrivatePostgres(join(tmp, 'pg'), SERVER_CORE);
      const pg = privatePg;
      cleanup.add('stop the private PostgreSQL', () => pg.stop());
      db = await createBenchDatabase(pg.url('postgres'));
      const relay = await createBenchDatabase(pg.url('postgres'));
      durableUrl = relay.url;
      pgDbs = { hub: db.name, durable: relay.name };
      log(`private PostgreSQL (pid ${pg.pid}, on core ${SERVER_CORE}${canPin() ? '' : ' — not pinned'}): database ${db.name} for the hub`);
    } else if (!opts.embedded && (opts.pg !== undefined || (await serverReachable(opts.pg ?? 'postgres://postgres@127.0.0.1:5432/')))) {
      const server = opts.pg ?? 'postgres://postgres@127.0.0.1:5432/';
      db = await createBenchDatabase(server);
      owner({ pid: process.pid, server: adminUrl(server, 'postgres'), database: db.name });
      const made = db;
      cleanup.add(`drop database ${db.name}`, () => made.drop());
      log(`database ${db.name} on ${db.host}`);
    } else {
      db = { mode: 'embedded', name: 'hub', host: 'embedded', drop: () => Promise.resolve() };
      log('embedded PostgreSQL in a temporary folder');
    }

    const hubStart: HubStart = {
      mainJs: hubMain,
      parentWatchJs: join(__dirname, 'parent-watch.js'),
      db,
      dataDir: join(tmp, 'hub-data'),
      poolSize: opts.poolSize,
      logFile: join(tmp, 'hub-seed.log'),
      core: SERVER_CORE,
      env: opts.hubEnv,
    };
    let hub = await startHub(hubStart);
    cleanup.add('stop the hub', () => hub.stop());
    log(`hub pid ${hub.pid} at ${hub.url} (DB_POOL_SIZE=${opts.poolSize}, SOCKET_MESSAGES_PER_SECOND=10000, LOG_LEVEL=warn)`);
    const runTag = randomBytes(3).toString('hex');
    const t0 = Date.now();
    const seeded = await seedCases(hub.url, opts.cases + 1, 0, runTag, 16);
    log(`seeded ${seeded.length} cases (4 parties, a group thread each) over REST in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Measured on a fresh hub process, as the baseline is fresh: the heap grown while seeding would hide part of what sockets cost.
    await hub.stop();
    const profileDir = opts.profile ? join(tmp, 'profile') : undefined;
    const idleFirst = !opts.skip.has('idle') && opts.idleSockets > 0;
    // With the idle-socket measurement first, the profile is of the process started after it, which serves the load.
    hub = await startHub({
      ...hubStart,
      logFile: join(tmp, 'hub.log'),
      profileDir: idleFirst ? undefined : profileDir,
      nodeFlags: opts.hubNodeFlags,
    });
    measuredHub = hub;
    /** Hub processes stopped before the end, whose log lines still count. */
    const retired: HubProcess[] = [];
    log(`hub restarted for the measurements: pid ${hub.pid} at ${hub.url}${profileDir ? ', with --cpu-prof' : ''}`);
    const backends = await BackendWatch.open(hub.databaseUrl);
    cleanup.add('close the database watch', () => backends.close());
    const pgVersion = await (async () => {
      const c = new Client({ connectionString: hub.databaseUrl });
      await c.connect();
      try {
        return (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
      } finally {
        await c.end();
      }
    })();

    const workers = Array.from({ length: opts.workers }, () => ClientProcess.start(join(__dirname, 'client-worker.js'), CLIENT_CORE));
    cleanup.add('stop client processes', () => Promise.all(workers.map((w) => w.stop())));
    const probes = await Probes.open(hub.databaseUrl);
    cleanup.add('close the probes', () => probes.close());
    const ctx: Ctx = {
      opts,
      workers,
      cases: seeded.slice(0, opts.cases),
      catchupCase: seeded[opts.cases],
      hub,
      backends,
      probes,
      pg: privatePg,
      pgDbs,
      stepCounter: 0,
    };
    const parties = ctx.cases.flatMap((c) => c.parties);
    const startBaselines = async () => {
      if (opts.skip.has('baseline')) return;
      ctx.baseline = await startBaseline(join(__dirname, 'baseline-server.js'), parties, { core: SERVER_CORE });
      if (durableUrl) ctx.durable = await startBaseline(join(__dirname, 'baseline-server.js'), parties, { core: SERVER_CORE, durableUrl });
    };
    await startBaselines();
    cleanup.add('stop the baselines', () => Promise.all([ctx.baseline?.stop(), ctx.durable?.stop()]));
    if (ctx.baseline) log(`baseline pid ${ctx.baseline.pid} at ${ctx.baseline.url}`);
    if (ctx.durable) log(`naive durable baseline pid ${ctx.durable.pid} at ${ctx.durable.url}`);

    let idle: BenchResult['idle'];
    if (!opts.skip.has('idle') && opts.idleSockets > 0) {
      const hubIdle = await idleMemory(ctx, 'hub', hub.pid, hub.url);
      const baseIdle = ctx.baseline ? await idleMemory(ctx, 'baseline', ctx.baseline.pid, ctx.baseline.url) : undefined;
      const durableIdle = ctx.durable ? await idleMemory(ctx, 'durable', ctx.durable.pid, ctx.durable.url) : undefined;
      idle = {
        hub: hubIdle,
        baseline: baseIdle,
        durable: durableIdle,
        ratio: baseIdle && baseIdle.perSocketKb > 0 ? hubIdle.perSocketKb / baseIdle.perSocketKb : undefined,
      };
      // Catch-up and load run on fresh processes (both systems): a heap grown by 10,000 sockets, not yet collected,
      // made the hub's major GCs longer in whichever steps followed, and the figures depended on when V8 shrank it.
      retired.push(hub);
      await hub.stop();
      hub = await startHub({ ...hubStart, logFile: join(tmp, 'hub-load.log'), profileDir, nodeFlags: opts.hubNodeFlags });
      ctx.hub = hub;
      measuredHub = hub;
      log(`hub restarted after the idle sockets: pid ${hub.pid} at ${hub.url}`);
      if (ctx.baseline || ctx.durable) {
        await Promise.all([ctx.baseline?.stop(), ctx.durable?.stop()]);
        await startBaselines();
        log(`baselines restarted after the idle sockets: pids ${[ctx.baseline?.pid, ctx.durable?.pid].filter(Boolean).join(', ')}`);
      }
    }
    const catchup = opts.skip.has('catchup') ? undefined : await catchUp(ctx);

    const steps: StepReport[] = [];
    let restUnderLoad: StepReport | undefined;
    if (!opts.skip.has('load')) {
      const systems: System[] = [...(ctx.baseline ? ['baseline' as const] : []), ...(ctx.durable ? ['durable' as const] : []), 'hub'];
      for (const system of systems) {
        const { url } = serverOf(ctx, system);
        const r = await Promise.all(
          workers.map((w, wi) =>
            w.request<ConnectResult>({
              kind: 'connect',
              group: system,
              url,
              parties: partiesOf(ctx, wi),
              live: true,
              concurrency: 25,
              timeoutMs: 30_000,
            }),
          ),
        );
        const failed = r.reduce((a, x) => a + x.failed, 0);
        if (failed > 0) throw new Error(`${system}: ${failed} load sockets failed to connect: ${JSON.stringify(r.map((x) => x.errors))}`);
        log(`${system}: ${r.reduce((a, x) => a + x.connected, 0)} load sockets connected and subscribed`);
      }
      // One discarded step per system first: the JIT, the pool's connections and PostgreSQL's plan caches warm up
      // here rather than in the first measured step; and the checkpoint's full-page images land here too.
      await ctx.pg?.checkpoint();
      for (const system of systems) {
        const w = await loadStep(ctx, system, opts.rates[0]);
        log(`${system}: warm-up step at ${opts.rates[0]} msg/s done (p99 ${w.deliver.p99} ms, not counted)`);
      }
      // The same rates on both, interleaved, so both see the same machine; each stops at its first failing step.
      // A system that fails its very first step halves the rate (at most four times) to find where it does pass.
      // A failed step is run again (--retries) before it counts, so one stall from the shared machine does not end a ladder.
      const retried = async (run: () => Promise<StepReport>): Promise<StepReport> => {
        let s = await run();
        for (let i = 0; i < opts.retries && !s.pass; i++) {
          const again = await run();
          again.earlierAttempts = [
            ...(s.earlierAttempts ?? []),
            {
              p99: s.deliver.p99,
              problems: s.problems,
              othersCpu: s.cpu.other,
              loopP99: s.probes.serverLoop.p99,
              pgCommitP99: s.probes.pgCommit?.p99 ?? null,
              gc: s.gc,
            },
          ];
          s = again;
        }
        return s;
      };
      const stopped = new Set<System>();
      const down = new Map<System, number>();
      for (const rate of opts.rates) {
        for (const system of systems) {
          if (stopped.has(system)) continue;
          const s = await retried(() => loadStep(ctx, system, rate));
          steps.push(s);
          if (s.pass) continue;
          stopped.add(system);
          if (rate === opts.rates[0]) down.set(system, rate);
        }
        if (systems.every((s) => stopped.has(s))) break;
      }
      for (const [system, first] of down) {
        for (let i = 1, rate = Math.round(first / 2); i <= opts.stepDowns && rate >= 1; i++, rate = Math.round(rate / 2)) {
          const s = await retried(() => loadStep(ctx, system, rate));
          steps.push(s);
          if (s.pass) break;
        }
      }
      // The headline compares all at the report rates (the issue's table: p99 at 250 and 1,000 msg/s, CPU at 1,000):
      // a system that broke below one is still measured there, once.
      for (const rate of reportRates(opts))
        for (const system of systems) {
          if (!steps.some((s) => s.system === system && s.rate === rate)) steps.push(await loadStep(ctx, system, rate));
        }
      const order: System[] = ['hub', 'durable', 'baseline'];
      steps.sort((a, b) => (a.system === b.system ? a.rate - b.rate : order.indexOf(a.system) - order.indexOf(b.system)));
      // REST reads as a separate hub step at the target rate, so they do not weigh on the ladder's figures.
      // At the target rate if the hub sustains it, else at the highest rate it did sustain (REST behind an overloaded hub only measures its queue).
      if (opts.restRate > 0) {
        const passed = steps.filter((s) => s.system === 'hub' && s.pass).map((s) => s.rate);
        const tried = steps.filter((s) => s.system === 'hub').map((s) => s.rate);
        const rate = passed.includes(opts.targetRate)
          ? opts.targetRate
          : passed.length > 0
            ? Math.max(...passed.filter((r) => r <= opts.targetRate), Math.min(...passed))
            : Math.min(...tried, opts.targetRate);
        restUnderLoad = await loadStep(ctx, 'hub', rate, true);
      }
      for (const system of systems) await Promise.all(workers.map((w) => w.request({ kind: 'disconnect', group: system })));
    }

    let profile: BenchResult['profile'];
    const hubWarnings = [...retired, hub].reduce((n, h) => n + h.warnings(), 0);
    const hubErrors = [...retired, hub].reduce((n, h) => n + h.errors(), 0);
    if (profileDir) {
      await hub.stop();
      const file = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
      const hubSteps = steps.filter((s) => s.system === 'hub');
      const top =
        hubSteps.find((s) => s.rate === opts.profileRate) ??
        hubSteps.filter((s) => s.pass).sort((a, b) => b.rate - a.rate)[0] ??
        [...hubSteps].sort((a, b) => b.deliveredPerS - a.deliveredPerS)[0];
      if (file && top) {
        profile = { ...summarizeProfile(join(profileDir, file), top.window.fromUs, top.window.toUs), step: top.rate };
        const keep = join(ROOT, 'dist', 'bench', 'profiles');
        mkdirSync(keep, { recursive: true });
        renameSync(join(profileDir, file), join(keep, `${opts.out}-hub.cpuprofile`));
        log(`hub profile of the ${top.rate} msg/s step: ${join(keep, `${opts.out}-hub.cpuprofile`)} (open in Chrome DevTools)`);
      } else log('no hub CPU profile was written');
    }

    const others = steps.map((s) => s.cpu.other);
    const result: BenchResult = {
      mode: opts.quick ? 'quick' : 'full',
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      wallS: Math.round((Date.now() - started.getTime()) / 1000),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        socketIo: (JSON.parse(readFileSync(require.resolve('socket.io/package.json'), 'utf8')) as { version: string }).version,
        postgres: `PostgreSQL ${pgVersion}`,
        database: privatePg
          ? `the bench's own server (initdb, pg_ctl) on core ${SERVER_CORE}`
          : db.mode === 'server'
            ? `fresh database on ${db.host}`
            : 'embedded',
        pinning: canPin()
          ? `Pinned: the server side (the hub, each baseline and ${privatePg ? 'every process of the private PostgreSQL' : 'not the shared PostgreSQL'}) on core ${SERVER_CORE} (taskset), the clients and the bench itself on core ${CLIENT_CORE}.`
          : 'Not pinned (no taskset or one core): clients and servers share the cores.',
      },
      options: { ...opts, skip: [...opts.skip], pg: undefined, hubMain: opts.hubMain ? hubMain : undefined },
      idle,
      catchup,
      steps,
      headline: headline(opts, steps, idle, catchup, restUnderLoad),
      restUnderLoad,
      noise: {
        otherCpuMeanPct: others.length ? round1(others.reduce((a, b) => a + b, 0) / others.length) : 0,
        otherCpuMaxPct: others.length ? Math.max(...others) : 0,
        machineCores: steps[0]?.cpu.cores ?? cpus().length,
        waitedForQuietS: round1([...steps, ...(restUnderLoad ? [restUnderLoad] : [])].reduce((a, s) => a + s.waitedForQuietS, 0)),
      },
      hubLog: { warnings: hubWarnings, errors: hubErrors, lines: [...retired, hub].flatMap((h) => h.notable()) },
      profile,
    };
    mkdirSync(RESULTS, { recursive: true });
    const write = (ext: string, text: string) => {
      // Written beside and renamed, so an interrupted run never leaves half a file.
      const file = join(RESULTS, `${opts.out}.${ext}`);
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    };
    write('json', JSON.stringify(result, null, 2) + '\n');
    write('svg', renderSvg(result));
    write('md', renderMarkdown(result, `${opts.out}.svg`));
    log(`results: bench/results/${opts.out}.json, .md, .svg`);
    for (const t of result.headline.targets)
      log(`${t.met === null ? '   ' : t.met ? 'MET' : 'NOT'} ${t.name}: ${t.reached} (target ${t.target})`);
  } finally {
    clearTimeout(limit);
    if (!exiting) await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    if (!exiting) process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    const notable = measuredHub?.notable() ?? [];
    if (!exiting && notable.length > 0) process.stderr.write(`the hub logged:\n${notable.join('\n')}\n`);
    await cleanup.run();
    process.exit(1);
  },
);
