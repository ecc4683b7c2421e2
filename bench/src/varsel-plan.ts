/*
 * What the varsel planner writes per message: `node dist/bench/src/varsel-plan.js [--hub-dist DIR] [--cases 250]
 * [--messages 16] [--rounds 2]`.
 *
 * A private PostgreSQL of its own (as `npm run bench`), the built hub in DIR (by default this checkout's dist/)
 * in-process with its varsel job off, `--cases` cases of four parties each with one group thread (through the REST
 * API). Then, `--rounds` times: `--messages` messages per case through the REST API (the parties in turn), the search
 * indexer's queue left to empty, and one pass of the varsel job (`runOnce`: plan, release, settle, deliver), with
 * pg_current_wal_lsn() read around it and its WAL broken down by relation (pg_walinspect); the pg client's statements
 * are counted during the pass, and the CPU time of PostgreSQL's processes and of this one. A last pass past the
 * window releases the varsler. WAL bytes and statement counts do not depend on how busy the machine is, so two builds
 * compare here on a shared machine; CPU times do somewhat (run the builds alternately).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { canPin, startPrivatePostgres, type WalPart } from './processes';
import { seedCases } from './seed';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- the hub under test is loaded from a build directory given at run time */

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A clock the harness moves past the varsel window. */
class Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

async function main(): Promise<void> {
  const dist = resolve(arg('hub-dist', join(__dirname, '..', '..')));
  const cases = Number(arg('cases', '250'));
  const perCase = Number(arg('messages', '16'));
  const rounds = Number(arg('rounds', '2'));
  const dir = mkdtempSync(join(tmpdir(), 'varsel-plan-'));
  const pg = await startPrivatePostgres(dir, canPin() ? 1 : 0);
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE hub');
  await admin.end();
  const { loadConfig } = require(join(dist, 'apps/hub/src/config/config.js'));
  const { createHub } = require(join(dist, 'apps/hub/src/hub.js'));
  const { VarselDispatcher } = require(join(dist, 'apps/hub/src/varsler/varsel-dispatcher.js'));
  // The hub's own pg module (resolved from DIR): its client's queries are the statements counted.
  const pgOfHub = require(require.resolve('pg', { paths: [dist] }));
  let statements = 0;
  const query = pgOfHub.Client.prototype.query;
  pgOfHub.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
    statements++;
    return query.apply(this, a);
  };
  const clock = new Clock();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    AUTH_DEV_ISSUER: 'true',
    HUB_DATA_DIR: join(dir, 'hub'),
    DB_POOL_SIZE: '8',
    VARSEL_JOB_INTERVAL_SECONDS: '0',
    REMINDER_JOB_INTERVAL_SECONDS: '0',
    RETENTION_JOB_INTERVAL_SECONDS: '0',
    DIALOGMELDING_JOB_INTERVAL_SECONDS: '0',
    REST_RATE_LIMIT_POINTS: '10000000',
    REST_RATE_LIMIT_ANONYMOUS_POINTS: '10000000',
  });
  const app = await createHub({ config, databaseUrl: pg.url('hub'), clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url: string = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const out: string[] = [`varsel planner, ${dist}: ${cases} cases × 4 parties, ${perCase} messages per case per round`];
  try {
    const seeded = await seedCases(url, cases, 0, 'vp');
    const dispatcher = app.get(VarselDispatcher);
    await dispatcher.runOnce(); // the seeding's own causes (none expected), out of the way
    await pg.checkpoint(); // full-page images land in the writes below, not in the measured passes
    const pass = async (label: string, messages: number) => {
      const from = await pg.walLsn();
      const before = statements;
      const cpu0 = { pg: pg.cpuSeconds(), hub: process.cpuUsage() };
      await dispatcher.runOnce();
      const cpu = { pg: pg.cpuSeconds() - cpu0.pg, hub: process.cpuUsage(cpu0.hub) };
      const to = await pg.walLsn();
      const parts: WalPart[] = await pg.walByRelation('hub', from, to);
      const total = parts.reduce((a, p) => a + p.bytes, 0);
      const fpi = parts.reduce((a, p) => a + p.fpiBytes, 0);
      const per = (b: number) => (messages > 0 ? (b / messages).toFixed(1) : '-');
      out.push(
        `${label}: ${statements - before} statements, WAL ${total} B (${fpi} B of it full-page images), ${per(total - fpi)} B per message without them`,
        `  CPU: PostgreSQL ${(cpu.pg * 1000).toFixed(0)} ms, the hub ${((cpu.hub.user + cpu.hub.system) / 1000).toFixed(0)} ms ` +
          `(${messages > 0 ? ((cpu.pg * 1e6) / messages).toFixed(0) : '-'} and ${messages > 0 ? ((cpu.hub.user + cpu.hub.system) / messages).toFixed(0) : '-'} µs per message)`,
      );
      for (const p of parts.filter((x) => x.bytes > 0))
        out.push(
          `  ${p.what.padEnd(36)} ${String(p.records).padStart(7)} records ${String(p.bytes).padStart(10)} B  ${per(p.bytes - p.fpiBytes)} B/msg`,
        );
    };
    for (let r = 1; r <= rounds; r++) {
      let next = 0;
      const jobs = seeded.flatMap((c) => Array.from({ length: perCase }, (_, i) => ({ c, party: c.parties[i % 4] })));
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < jobs.length) {
            const { c, party } = jobs[next++];
            const res = await fetch(`${url}/cases/${c.caseId}/threads/${c.threadId}/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${party.token}` },
              body: JSON.stringify({
                clientTxnId: randomUUID(),
                tekst: `Melding ${next} i runde ${r}: kan vi snakke om arbeidsoppgavene?`,
              }),
            });
            if (res.status !== 201) throw new Error(`send answered ${res.status}: ${await res.text()}`);
          }
        }),
      );
      if (!(await pg.drained('hub', 120_000, false))) throw new Error('the search queue did not empty');
      await pass(`round ${r}: plan of ${jobs.length} messages`, jobs.length);
    }
    clock.advance(16 * 60_000);
    await pass('past the window: release', cases * perCase * rounds);
    const c = new Client({ connectionString: pg.url('hub') });
    await c.connect();
    const [counts] = (
      await c.query<{ items: string; varsler: string; count: string }>(
        `SELECT (SELECT count(*) FROM varsel_items) AS items, (SELECT count(*) FROM varsler) AS varsler, (SELECT sum(count) FROM varsler) AS count`,
      )
    ).rows;
    await c.end();
    out.push(`varsler ${counts.varsler}, varsel_items ${counts.items}, things counted in the released varsler ${counts.count}`);
  } finally {
    await app.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
