import type { ChildProcess } from 'node:child_process';
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { nowUs, sleep } from './clock';
import { CLK_TCK, cpuSeconds } from './proc';
import type { Party, WorkerCommand, WorkerReply } from './protocol';

/** A free loopback port (the OS picks one; it is released at once for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Ends a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------------------- database

export interface BenchDatabase {
  /** 'server': a fresh database on a PostgreSQL server; 'embedded': the hub starts its own in a temporary folder. */
  mode: 'server' | 'embedded';
  /** For the hub's DATABASE_URL (server mode). */
  url?: string;
  name: string;
  host: string;
  drop(): Promise<void>;
}

export const adminUrl = (server: string, db: string) => {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
};

async function admin<T>(server: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl(server, 'postgres'), connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * A fresh database `hub_bench_<time>_<random>` on the given server, dropped afterwards. Leftovers of earlier runs
 * that died without cleaning up (older than two hours and unused) are dropped first.
 */
export async function createBenchDatabase(server: string): Promise<BenchDatabase> {
  const name = `hub_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(server, async (c) => {
    const stale = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^hub_bench_[0-9]+_[0-9a-f]+$'`);
    for (const { datname } of stale.rows) {
      const at = Number(datname.split('_')[2]);
      if (Date.now() - at > 2 * 3600_000) await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
    await c.query(`CREATE DATABASE ${name}`);
  });
  return {
    mode: 'server',
    url: adminUrl(server, name),
    name,
    host: new URL(server).host,
    drop: () => admin(server, async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

export async function serverReachable(server: string): Promise<boolean> {
  try {
    await admin(server, async (c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** Reads which backends serve a database, to charge their CPU to the hub. */
export class BackendWatch {
  private constructor(private readonly client: Client) {}

  static async open(url: string): Promise<BackendWatch> {
    const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await c.connect();
    return new BackendWatch(c);
  }

  /** Backends of the database other than this watch's and those named. */
  async pids(except: (number | undefined)[] = []): Promise<number[]> {
    const r = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return r.rows.map((x) => x.pid).filter((p) => !except.includes(p));
  }

  /**
   * Cumulative counters of the database: committed transactions, and per table rows inserted and scans (≈ reads);
   * and the server's WAL (`pg_stat_wal`, server-wide: the bench database is the only busy one while a step runs).
   */
  async stats(): Promise<DbCounters> {
    const db = await this.client.query<{ xact: string }>(
      `SELECT xact_commit AS xact FROM pg_stat_database WHERE datname = current_database()`,
    );
    // pg_stat_wal is PostgreSQL 14+; older servers report no WAL figures.
    const wal = await this.client
      .query<{ bytes: string; fpi: string; syncs: string }>(`SELECT wal_bytes AS bytes, wal_fpi AS fpi, wal_sync AS syncs FROM pg_stat_wal`)
      .then(
        (r) => r.rows[0],
        () => undefined,
      );
    const tables = await this.client.query<{ relname: string; ins: string; scans: string }>(
      `SELECT relname, n_tup_ins AS ins, coalesce(idx_scan, 0) + coalesce(seq_scan, 0) AS scans FROM pg_stat_user_tables`,
    );
    return {
      xact: Number(db.rows[0]?.xact ?? 0),
      wal: wal && { bytes: Number(wal.bytes), fpi: Number(wal.fpi), syncs: Number(wal.syncs) },
      inserts: Object.fromEntries(tables.rows.map((r) => [r.relname, Number(r.ins)])),
      scans: Object.fromEntries(tables.rows.map((r) => [r.relname, Number(r.scans)])),
    };
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

export interface WalCounters {
  bytes: number;
  /** Full-page images: the first change to a page after a checkpoint writes the whole page. */
  fpi: number;
  /** WAL flushes to disk (fdatasync): each makes commits durable. */
  syncs: number;
}

export interface DbCounters {
  xact: number;
  wal?: WalCounters;
  inserts: Record<string, number>;
  scans: Record<string, number>;
}

/** Per acked message: transactions committed, rows inserted and table scans, by table (zeros left out). */
export interface DbWork {
  xact: number;
  wal?: WalCounters;
  inserts: Record<string, number>;
  scans: Record<string, number>;
}

export function perMessage(before: DbCounters, after: DbCounters, messages: number, probeCommits: number): DbWork {
  const per = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.keys(b)
        .filter((k) => k !== 'bench_probe')
        .map((k) => [k, Math.round(((b[k] - (a[k] ?? 0)) / Math.max(messages, 1)) * 100) / 100] as const)
        .filter(([, v]) => v > 0)
        .sort((x, y) => y[1] - x[1]),
    );
  const n = Math.max(messages, 1);
  const wal = before.wal &&
    after.wal && {
      bytes: Math.round((after.wal.bytes - before.wal.bytes) / n),
      fpi: Math.round(((after.wal.fpi - before.wal.fpi) / n) * 100) / 100,
      syncs: Math.round(((after.wal.syncs - before.wal.syncs) / n) * 100) / 100,
    };
  return {
    xact: Math.round(((after.xact - before.xact - probeCommits) / n) * 100) / 100,
    wal,
    inserts: per(before.inserts, after.inserts),
    scans: per(before.scans, after.scans),
  };
}

// --------------------------------------------------------------------------------------------------------------- hub

export interface HubProcess {
  pid: number;
  url: string;
  /** The hub's own database URL (embedded mode: the embedded server's). */
  databaseUrl: string;
  warnings: () => number;
  errors: () => number;
  tail: () => string[];
  /** The first warn-or-worse lines the hub logged. */
  notable: () => string[];
  /** GC pauses the hub printed (with --trace-gc), stamped when read. */
  gcPauses: (fromUs: number, toUs: number) => { count: number; totalMs: number; maxMs: number } | undefined;
  stop: () => Promise<void>;
}

export interface HubStart {
  mainJs: string;
  parentWatchJs: string;
  db: BenchDatabase;
  dataDir: string;
  poolSize: number;
  logFile: string;
  profileDir?: string;
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** The core the hub runs on (taskset -c), with its database's backends. */
  core?: number;
}

/**
 * Starts `node dist/apps/hub/src/main.js` as its own process with limits raised for load; the shell raises the open
 * files limit to the hard limit and then becomes the node process, so the pid is the hub's. A preload ends the hub
 * if this process dies without cleaning up.
 */
export async function startHub(o: HubStart): Promise<HubProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(DATABASE_URL|REDIS_URL|REDIS_PREFIX|AUTH_|NODE_OPTIONS)/.test(k)) delete env[k];
  const embeddedPort = o.db.mode === 'embedded' ? await freePort() : 0;
  Object.assign(env, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    HUB_DATA_DIR: o.dataDir,
    DB_POOL_SIZE: String(o.poolSize),
    SOCKET_MESSAGES_PER_SECOND: '10000',
    SOCKET_MAX_PER_PERSON: '10000',
    REST_RATE_LIMIT_POINTS: '10000000',
    REST_RATE_LIMIT_ANONYMOUS_POINTS: '10000000',
    LOG_LEVEL: 'warn',
    AUTH_DEV_ISSUER: 'true',
    REMINDER_JOB_INTERVAL_SECONDS: '0',
    RETENTION_JOB_INTERVAL_SECONDS: '0',
    DIALOGMELDING_JOB_INTERVAL_SECONDS: '0',
    // The varsel dispatcher plans each message's varsler off the write path: every 2 s rather than 30 s, so its share
    // of CPU and WAL falls inside the step (and its settling) of the messages it plans, not in another system's.
    VARSEL_JOB_INTERVAL_SECONDS: '2',
    ...(o.db.mode === 'server' ? { DATABASE_URL: o.db.url } : { EMBEDDED_PG_PORT: String(embeddedPort) }),
    ...o.env,
  });
  const nodeArgs = [
    ...(o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []),
    ...(o.nodeFlags ?? []),
    '--require',
    o.parentWatchJs,
    o.mainJs,
  ];
  // taskset execs node in turn, so the pid is still the hub's.
  const pinned = o.core === undefined ? [] : pinnedArgv(o.core);
  const child = spawn(
    '/bin/sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...pinned, process.execPath, ...nodeArgs],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(o.logFile);
  const lines = captureLines(child, log);
  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The hub exited with ${child.exitCode} before it was ready:\n${lines.tail().join('\n')}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`The hub was not ready within 120 s:\n${lines.tail().join('\n')}`);
    }
    const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await sleep(250);
  }
  return {
    pid: child.pid!,
    url,
    databaseUrl: o.db.mode === 'server' ? o.db.url! : `postgres://postgres:hub-embedded@127.0.0.1:${embeddedPort}/hub`,
    warnings: () => lines.warn,
    errors: () => lines.error,
    tail: lines.tail,
    notable: () => lines.notable.slice(),
    gcPauses: (fromUs, toUs) => {
      if (lines.gc.length === 0) return undefined;
      const inWindow = lines.gc.filter((g) => g.atUs >= fromUs && g.atUs <= toUs).map((g) => g.ms);
      return {
        count: inWindow.length,
        totalMs: Math.round(inWindow.reduce((a, b) => a + b, 0)),
        maxMs: Math.round(Math.max(0, ...inWindow) * 10) / 10,
      };
    },
    stop: () => (stopped ??= stopChild(child, 30_000).then(() => void log.end())),
  };
}

function captureLines(child: ChildProcess, log: WriteStream) {
  const state = {
    warn: 0,
    error: 0,
    last: [] as string[],
    notable: [] as string[],
    gc: [] as { atUs: number; ms: number }[],
    tail: () => state.last.slice(),
  };
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level === '40') state.warn += 1;
      else if (level !== undefined && Number(level) >= 50) state.error += 1;
      if (level !== undefined && Number(level) >= 40 && state.notable.length < 10) state.notable.push(line.slice(0, 500));
      // node --trace-gc: "... ms: Scavenge 45.2 (52.1) -> 44.0 (53.1) MB, 0.85 / 0.00 ms ..."
      const gc = /ms: (?:Scavenge|Mark-Compact|Minor Mark-Compact|Mark-Sweep)[^,]*, ([\d.]+) \/ [\d.]+ ms/.exec(line);
      if (gc) state.gc.push({ atUs: nowUs(), ms: Number(gc[1]) });
      state.last.push(line.slice(0, 500));
      if (state.last.length > 30) state.last.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return state;
}

// ---------------------------------------------------------------------------------------------------------- baseline

export interface BaselineProcess {
  pid: number;
  url: string;
  stop: () => Promise<void>;
}

/**
 * `durableUrl` makes it the naive durable relay: one INSERT per message into that database before the ack and the
 * broadcast. `core` pins it (every thread) to that core.
 */
export async function startBaseline(
  js: string,
  parties: Party[],
  o: { core?: number; durableUrl?: string } = {},
): Promise<BaselineProcess> {
  const child = fork(js, ['0', ...(o.durableUrl ? [o.durableUrl] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (o.core !== undefined) pin(child.pid!, o.core);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The baseline server exited with ${code}`)));
    child.on('message', (m: { kind: string; port: number }) => m.kind === 'listening' && resolve(m.port));
    child.send({ kind: 'parties', parties });
  });
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child, 5000) };
}

// ----------------------------------------------------------------------------------------------------------- workers

/** One client process, driven by request/reply over IPC. */
export class ClientProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: WorkerReply) => {
      const w = this.waiting.get(m.reqId);
      if (!w) return;
      this.waiting.delete(m.reqId);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(m.error));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`client process exited with ${code}`));
      this.waiting.clear();
    });
  }

  static start(js: string, core?: number): ClientProcess {
    const child = fork(js, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=3072'] });
    if (core !== undefined) pin(child.pid!, core);
    return new ClientProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T>(command: WorkerCommand, timeoutMs = 300_000): Promise<T> {
    const reqId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reqId);
        reject(new Error(`client process did not answer ${command.kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(reqId, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ ...command, reqId });
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child, 3000);
  }
}

export const here = (...p: string[]) => join(__dirname, ...p);

// ------------------------------------------------------------------------------------------------------- CPU pinning

/** The server side (a server process and its database's backends) runs on this core, the clients on the other. */
export const SERVER_CORE = 1;
export const CLIENT_CORE = 0;

/** True when `taskset` exists and the machine has the two cores the pinning needs. */
export const canPin = (() => {
  let ok: boolean | undefined;
  return () => (ok ??= spawnSync('taskset', ['-p', String(process.pid)]).status === 0 && cpus().length >= 2);
})();

/** Pins every thread of a running process to one core (threads it starts later inherit it). */
export function pin(pid: number, core: number): void {
  if (!canPin()) return;
  const r = spawnSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset -a -c -p ${core} ${pid} failed: ${r.stderr}`);
}

/** The argv prefix that starts a command pinned to `core` (empty when pinning is not possible). */
export const pinnedArgv = (core: number): string[] => (canPin() ? ['taskset', '-c', String(core)] : []);

// ------------------------------------------------------------------------------------------------- private PostgreSQL

/** CPU of a process and of its children that have exited and been waited for (fields 14–17 of /proc/<pid>/stat). */
function cpuWithChildren(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Live children of a process (from /proc/<pid>/task/*\/children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** WalPart.what of records that touch other databases than the one asked about (another system's trailing work). */
export const OTHER_DATABASES = '(other databases)';

export interface WalPart {
  what: string;
  records: number;
  bytes: number;
  fpiBytes: number;
}

export interface PrivatePostgres {
  /** `postgres://…/<db>` of a database on it. */
  url(db: string): string;
  /** The postmaster's pid. */
  pid: number;
  /**
   * CPU seconds used by the whole server so far: the postmaster, every live child (backends, WAL writer, checkpointer,
   * ...) and every child that has exited (the postmaster's cutime/cstime), so backends that came and went count too.
   */
  cpuSeconds(): number;
  /** pg_current_wal_lsn() as bytes: WAL written by the whole server. */
  walBytes(): Promise<number>;
  /** pg_current_wal_lsn() as text, for `walByRelation`. */
  walLsn(): Promise<string>;
  /**
   * The WAL between two positions by what it was written for (pg_walinspect): per relation of `db` (the first block a
   * record touches), else the resource manager (commits are 'Transaction'); bytes include full-page images.
   */
  walByRelation(db: string, from: string, to: string): Promise<WalPart[]>;
  /** CHECKPOINT: the next first touch of each page writes its full-page image now rather than inside a step. */
  checkpoint(): Promise<void>;
  /** Rows in a table of a database (messages stored, to count WAL per stored message even when acks time out). */
  rows(db: string, table: string): Promise<number>;
  /** Waits (at most `maxMs`) until the hub's queues of work that trails the write (search, varsel causes) are empty. */
  drained(db: string, maxMs: number, withVarsel: boolean): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of the bench's own, from the machine's binaries (initdb, pg_ctl), with its data in `dir`, on a
 * free port, and started under `taskset -c <core>`: the postmaster and every backend it forks stay on that core, so
 * the server side of a measurement (server process + database) shares one core and the clients another. Settings as
 * the machine's shared server (fsync and synchronous_commit on, shared_buffers 128 MB, max_wal_size 1 GB, autovacuum
 * off). As root it runs as the `postgres` user, as PostgreSQL refuses root.
 */
export async function startPrivatePostgres(dir: string, core: number): Promise<PrivatePostgres> {
  const bin = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((d) =>
    existsSync(join(d, 'pg_ctl')),
  );
  const tool = (name: string) => (bin ? join(bin, name) : name);
  const asRoot = process.getuid?.() === 0;
  const run = (argv: string[]) => {
    const full = asRoot ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
    const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${argv.slice(0, 3).join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  const data = join(dir, 'pgdata');
  mkdirSync(data, { recursive: true });
  if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);
  run([tool('initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    'max_connections = 200',
    'shared_buffers = 128MB',
    // Checkpoints are left out of the steps: the bench runs one before its warm-up steps, so the full-page images of
    // the first touch of each page after it land there, and a step's WAL is what its messages write. (The machine's
    // server has max_wal_size 1 GB and checkpoint_timeout 5 min; in a long-lived server the full-page images of
    // random-key indexes add to this, as they would to any relay's.)
    'max_wal_size = 32GB',
    'checkpoint_timeout = 1h',
    'min_wal_size = 80MB',
    'fsync = on',
    'synchronous_commit = on',
    'autovacuum = off',
    `default_text_search_config = 'pg_catalog.english'`,
  ];
  appendFileSync(join(data, 'postgresql.conf'), `\n# hub bench\n${conf.join('\n')}\n`);
  // pg_ctl's postmaster inherits the affinity, and every backend the postmaster forks inherits it in turn.
  run([...pinnedArgv(core), tool('pg_ctl'), '-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  let stopped: Promise<void> | undefined;
  const query = async <T extends object>(db: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: url(db) });
    await c.connect();
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const inspected = new Set<string>();
  return {
    url,
    pid,
    cpuSeconds: () => cpuWithChildren(pid) + childrenOf(pid).reduce((a, p) => a + cpuSeconds(p), 0),
    walBytes: async () =>
      Number((await query<{ b: string }>('postgres', `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS b`))[0].b),
    walLsn: async () => (await query<{ l: string }>('postgres', `SELECT pg_current_wal_lsn()::text AS l`))[0].l,
    walByRelation: async (db, from, to) => {
      if (!inspected.has(db)) {
        await query(db, 'CREATE EXTENSION IF NOT EXISTS pg_walinspect');
        inspected.add(db);
      }
      const rows = await query<{ what: string; records: string; bytes: string; fpi: string }>(
        db,
        `WITH r AS (
           SELECT r.*, substring(r.block_ref from 'rel \\d+/(\\d+)/\\d+')::oid AS db_oid,
                  substring(r.block_ref from 'rel \\d+/\\d+/(\\d+)')::oid AS file
             FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn) r)
         SELECT CASE WHEN r.db_oid IS NULL THEN r.resource_manager
                     WHEN r.db_oid <> (SELECT oid FROM pg_database WHERE datname = current_database()) THEN '${OTHER_DATABASES}'
                     ELSE coalesce(c.relname, 'other: ' || r.resource_manager) END AS what,
                count(*) AS records, sum(r.record_length) AS bytes, sum(r.fpi_length) AS fpi
           FROM r LEFT JOIN pg_class c ON c.relfilenode = r.file
          GROUP BY 1 ORDER BY sum(r.record_length) DESC`,
        [from, to],
      );
      return rows.map((r) => ({ what: r.what, records: Number(r.records), bytes: Number(r.bytes), fpiBytes: Number(r.fpi) }));
    },
    checkpoint: async () => void (await query('postgres', 'CHECKPOINT')),
    drained: async (db, maxMs, withVarsel) => {
      for (const until = Date.now() + maxMs; Date.now() < until; await sleep(250)) {
        const [r] = await query<{ n: string }>(
          db,
          `SELECT (SELECT count(*) FROM search_queue) + ${withVarsel ? '(SELECT count(*) FROM varsel_cause_batches)' : '0'} AS n`,
        ).catch(() => [{ n: '0' }]);
        if (Number(r.n) === 0) return true;
      }
      return false;
    },
    rows: async (db, table) => Number((await query<{ n: string }>(db, `SELECT count(*) AS n FROM ${table.replace(/\W/g, '')}`))[0].n),
    stop: () => (stopped ??= Promise.resolve().then(() => run([tool('pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']))),
  };
}
