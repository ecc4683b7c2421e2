/*
 * CPU per message of the hub process, A against B: `node dist/bench/src/cpu-ab.js --a <main.js> [--b <main.js>]`.
 *
 * Latency on this shared 2-core machine moves with whatever else runs; the hub's CPU time per message (from /proc)
 * moves much less, and alternating two builds step by step cancels most of the drift that is left. Each build runs
 * on its own fresh database with its own seeded cases; the same client processes drive both, in alternating steps
 * at each rate, and the report gives the median per build and rate. `--profile` CPU-profiles the hub processes
 * (`node --cpu-prof`; the files are named at the end).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, ioSyscalls } from './proc';
import { BackendWatch, ClientProcess, createBenchDatabase, type BenchDatabase, type HubProcess, startHub } from './processes';
import type { ConnectResult, Party, StepResult } from './protocol';
import { seedCases } from './seed';

interface Build {
  name: string;
  main: string;
  nodeFlags: string[];
  env: Record<string, string>;
  db?: BenchDatabase;
  hub?: HubProcess;
  backends?: BackendWatch;
  parties: Party[];
}

const USAGE = `node dist/bench/src/cpu-ab.js --a <hub main.js> [--b <hub main.js>] [flags]
  --cases N      cases of four parties per build                 [250]
  --rates a,b    total messages/s                                [250,1000]
  --duration S   seconds of sending per step                     [6]
  --repeats K    steps per build and rate (alternating)          [3]
  --payload B    characters of message text                      [200]
  --a-flags F    extra node flags for A's hub, space-separated (e.g. "--max-semi-space-size=32"); --b-flags for B
  --env E        environment for both hubs, space-separated K=V (e.g. "VARSEL_JOB_INTERVAL_SECONDS=0" leaves the
                 periodic varsel job out); it overrides what the bench sets for a hub (the varsel job every 2 s)
  --a-env E      environment for A's hub only (e.g. "WS_NO_BUFFER_UTIL=1"); --b-env for B
  --profile      node --cpu-prof for the hub processes
`;

function parse(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (k === 'profile' || k === 'help') out[k] = 'true';
    else out[k] = argv[++i];
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s: string) => process.stdout.write(`[cpu-ab ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help || !args.a) return void process.stdout.write(USAGE);
  const cases = Number(args.cases ?? 250);
  const rates = (args.rates ?? '250,1000').split(',').map(Number);
  const durationMs = Number(args.duration ?? 6) * 1000;
  const repeats = Number(args.repeats ?? 3);
  const payloadBytes = Number(args.payload ?? 200);
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/';
  const tmp = mkdtempSync(join(tmpdir(), 'hub-cpu-ab-'));
  const flags = (f?: string) => (f ?? '').split(' ').filter((x) => x.startsWith('--'));
  const env = (e?: string): Record<string, string> =>
    Object.fromEntries(
      (e ?? '').split(' ').flatMap((kv): [string, string][] => {
        const at = kv.indexOf('=');
        return at > 0 ? [[kv.slice(0, at), kv.slice(at + 1)]] : [];
      }),
    );
  const build = (name: 'A' | 'B', main: string): Build => {
    const key = name.toLowerCase();
    return { name, main, nodeFlags: flags(args[`${key}-flags`]), env: { ...env(args.env), ...env(args[`${key}-env`]) }, parties: [] };
  };
  const builds: Build[] = [build('A', args.a)];
  if (args.b) builds.push(build('B', args.b));
  const workers = Array.from({ length: 4 }, () => ClientProcess.start(join(__dirname, 'client-worker.js')));
  try {
    for (const b of builds) {
      b.db = await createBenchDatabase(server);
      const common = {
        mainJs: b.main,
        parentWatchJs: join(__dirname, 'parent-watch.js'),
        db: b.db,
        dataDir: join(tmp, `data-${b.name}`),
        poolSize: 20,
        env: b.env,
      };
      const seeder = await startHub({ ...common, logFile: join(tmp, `seed-${b.name}.log`) });
      const seeded = await seedCases(seeder.url, cases, 0, randomBytes(3).toString('hex'), 16);
      await seeder.stop();
      b.parties = seeded.flatMap((c) => c.parties);
      b.hub = await startHub({
        ...common,
        logFile: join(tmp, `hub-${b.name}.log`),
        profileDir: args.profile ? join(tmp, `profile-${b.name}`) : undefined,
        nodeFlags: b.nodeFlags,
      });
      b.backends = await BackendWatch.open(b.hub.databaseUrl);
      const r = await Promise.all(
        workers.map((w, wi) =>
          w.request<ConnectResult>({
            kind: 'connect',
            group: b.name,
            url: b.hub!.url,
            parties: b.parties.filter((_, i) => i % workers.length === wi),
            live: true,
            concurrency: 25,
            timeoutMs: 30_000,
          }),
        ),
      );
      log(
        `${b.name} (${[...Object.entries(b.env).map(([k, v]) => `${k}=${v}`), b.main, ...b.nodeFlags].join(' ')}): pid ${b.hub.pid}, ${r.reduce((a, x) => a + x.connected, 0)} sockets`,
      );
    }
    let stepId = 0;
    const step = async (b: Build, rate: number) => {
      // The previous step's tail (the other build's included) settles first.
      await sleep(1500);
      const pgPids = await b.backends!.pids([]);
      const hub0 = cpuSeconds(b.hub!.pid);
      const io0 = ioSyscalls(b.hub!.pid);
      const pg0 = pgPids.reduce((a, p) => a + cpuSeconds(p), 0);
      const t0 = performance.now();
      const results = await Promise.all(
        workers.map((w) =>
          w.request<StepResult>(
            {
              kind: 'step',
              group: b.name,
              stepId: ++stepId,
              rate: rate / workers.length,
              durationMs,
              payloadBytes,
              ackTimeoutMs: 10_000,
              drainMs: 10_000,
            },
            durationMs + 60_000,
          ),
        ),
      );
      const seconds = (performance.now() - t0) / 1000;
      const acked = results.reduce((a, r) => a + r.acked, 0);
      const lost = results.reduce((a, r) => a + r.lost + r.duplicates, 0);
      const errors: Record<string, number> = { timeout: results.reduce((a, r) => a + r.ackTimeouts, 0) };
      for (const r of results) for (const [k, v] of Object.entries(r.ackErrors)) errors[k] = (errors[k] ?? 0) + v;
      const hub = cpuSeconds(b.hub!.pid) - hub0;
      const io = ioSyscalls(b.hub!.pid);
      const pg = pgPids.reduce((a, p) => a + cpuSeconds(p), 0) - pg0;
      return {
        hubMs: (hub * 1000) / acked,
        pgMs: (pg * 1000) / acked,
        hubPct: (hub / seconds) * 100,
        reads: (io.reads - io0.reads) / acked,
        writes: (io.writes - io0.writes) / acked,
        acked,
        lost,
        errors,
      };
    };
    for (const b of builds) await step(b, rates[0]); // warm-up, not counted
    // What a hub spends with its sockets open and nothing sent (timers, pings, background jobs): at low rates it is a
    // visible part of the CPU per message.
    const idle = async (b: Build) => {
      await sleep(1500);
      const pgPids = await b.backends!.pids([]);
      const hub0 = cpuSeconds(b.hub!.pid);
      const pg0 = pgPids.reduce((a, p) => a + cpuSeconds(p), 0);
      await sleep(durationMs);
      const hub = ((cpuSeconds(b.hub!.pid) - hub0) * 1000) / (durationMs / 1000);
      const pg = ((pgPids.reduce((a, p) => a + cpuSeconds(p), 0) - pg0) * 1000) / (durationMs / 1000);
      log(`${b.name} idle: hub ${hub.toFixed(1)} ms of CPU per s · PostgreSQL ${pg.toFixed(1)} ms per s`);
    };
    for (const b of builds) await idle(b);
    const figures = new Map<string, { hubMs: number[]; pgMs: number[]; acked: number[] }>();
    for (const rate of rates) {
      for (let k = 0; k < repeats; k++) {
        for (const b of k % 2 === 0 ? builds : [...builds].reverse()) {
          const s = await step(b, rate);
          const key = `${b.name} ${rate}`;
          const f = figures.get(key) ?? { hubMs: [], pgMs: [], acked: [] };
          f.hubMs.push(s.hubMs);
          f.pgMs.push(s.pgMs);
          f.acked.push(s.acked);
          figures.set(key, f);
          log(
            `${key} msg/s: acked ${s.acked}${s.lost ? ` LOST/DUP ${s.lost}` : ''}${s.errors.timeout || Object.keys(s.errors).length > 1 ? ` errors ${JSON.stringify(s.errors)}` : ''} · hub ${s.hubMs.toFixed(3)} ms/msg (${s.hubPct.toFixed(0)} %; ${s.writes.toFixed(2)} writes, ${s.reads.toFixed(2)} reads per msg) · PostgreSQL ${s.pgMs.toFixed(3)} ms/msg`,
          );
        }
      }
    }
    // The mean over all steps (CPU summed, then divided) counts work that comes in bursts (periodic jobs) fairly.
    process.stdout.write(
      '\n| build | msg/s | hub CPU ms/msg: mean (median; each step) | PostgreSQL CPU ms/msg: mean (median) |\n| --- | --- | --- | --- |\n',
    );
    for (const [key, f] of figures) {
      const [name, rate] = key.split(' ');
      const all = f.hubMs.map((x) => x.toFixed(3)).join(', ');
      const n = f.acked.reduce((a, x) => a + x, 0);
      const mean = (xs: number[]) => xs.reduce((a, x, i) => a + x * f.acked[i], 0) / n;
      process.stdout.write(
        `| ${name} | ${rate} | ${mean(f.hubMs).toFixed(3)} (${median(f.hubMs).toFixed(3)}; ${all}) | ${mean(f.pgMs).toFixed(3)} (${median(f.pgMs).toFixed(3)}) |\n`,
      );
    }
  } finally {
    // Sockets closed first: a hub stops (and writes its profile) sooner without them.
    for (const b of builds) await Promise.all(workers.map((w) => w.request({ kind: 'disconnect', group: b.name }).catch(() => undefined)));
    await Promise.all(workers.map((w) => w.stop()));
    for (const b of builds) {
      await b.backends?.close();
      const t0 = Date.now();
      await b.hub?.stop();
      log(`${b.name} stopped in ${Date.now() - t0} ms`);
      await b.db?.drop();
    }
    if (args.profile) {
      for (const b of builds) log(`profile of ${b.name}: ${join(tmp, `profile-${b.name}`)}`);
    } else rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
