import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createClient } from 'redis';
import type { Actor } from '@hub/domain';
import { buildHubForProcesses } from '../support/hub-build';
import { freePort, HubProcess } from '../support/hub-process';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { PrivatePostgres, PrivateRedis, redisServerInstalled } from '../support/private-services';
import type { EventPage, FaultCase } from './fault-cases';
import { allEvents, openCase, storedOnce } from './fault-cases';
import { FaultClient } from './fault-client';
import { LONG, report } from './fault-settings';
import { RemoteApi } from './remote-api';
import type { SendRecord } from './send-load';
import { SendLoad } from './send-load';

/** Bounded in count and time: the short form runs in `npm test`, the long one with FAULTS=long. */
const PG_PLAN = LONG
  ? { cases: 4, perSecond: 40, beforeMs: 5_000, outageMs: 15_000, afterMs: 10_000 }
  : { cases: 2, perSecond: 20, beforeMs: 1_500, outageMs: 2_500, afterMs: 2_000 };
const REDIS_PLAN = LONG
  ? { cases: 4, perSecond: 40, beforeMs: 5_000, outageMs: 30_000, afterMs: 10_000 }
  : { cases: 2, perSecond: 20, beforeMs: 1_500, outageMs: 3_000, afterMs: 2_000 };
const SEND_DEADLINE_MS = 60_000;
const CONVERGE_MS = 15_000;
const READY_MS = 15_000;

/** An attempt the hub never answered: the client's timeout ran out, or the connection failed. */
const unanswered = (error: string | undefined) => error !== undefined && (error.endsWith(' timeout') || error.endsWith(' network'));
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) =>
  xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Two hub processes on the given database and Redis, their cases, one socket client per party, and a send load. */
class Cluster {
  nodes: HubProcess[] = [];
  cases: FaultCase[] = [];
  readonly clients: FaultClient[] = [];
  readonly clientOf = new Map<string, FaultClient>();
  load!: SendLoad;
  /** Cases that get no new sends (those under way still retry until acked). */
  readonly paused = new Set<string>();
  private timer?: NodeJS.Timeout;
  private sent = 0;

  constructor(readonly api: RemoteApi) {}

  async start(main: string, env: Record<string, string>): Promise<void> {
    this.nodes = [new HubProcess('node A', main, await freePort(), env), new HubProcess('node B', main, await freePort(), env)];
    await Promise.all(this.nodes.map((n) => n.start()));
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** Opens the cases and connects each party, spread over both nodes (`place` picks a party's node by its index). */
  async open(count: number, place: (caseIndex: number, clientIndex: number) => number = (_, i) => i): Promise<void> {
    this.cases = await Promise.all(Array.from({ length: count }, () => openCase(this.api, this.urls[0])));
    let i = 0;
    for (const [ci, c] of this.cases.entries()) {
      const refetch = (actor: Actor) => async (after: number) =>
        (await this.api.expect(200, this.urls[0], actor, 'GET', `/cases/${c.id}/events?after=${after}&limit=1000`)) as unknown as EventPage;
      for (const [role, actor] of Object.entries(c.parties)) {
        const client = new FaultClient(`${role}@${c.id.slice(0, 8)}`, actor, c.id, await this.api.token(actor), this.urls, refetch(actor));
        this.clients.push(client);
        this.clientOf.set(`${c.id}:${actor.sub}`, client);
        client.start(place(ci, i++));
      }
    }
    await Promise.all(this.clients.map((c) => c.until(() => c.isSubscribed, 'the first subscribe', 15_000)));
  }

  /** Sends at a steady rate, over sockets and REST to either node, each retried with its clientTxnId until acked. */
  startLoad(perSecond: number, socketFor: (c: FaultCase) => boolean = () => true): void {
    this.load = new SendLoad(
      this.api,
      this.urls,
      (caseId, actor) => (socketFor(this.cases.find((c) => c.id === caseId)!) ? this.clientOf.get(`${caseId}:${actor.sub}`) : undefined),
      SEND_DEADLINE_MS,
    );
    this.timer = setInterval(() => {
      const c = this.cases[this.sent % this.cases.length];
      if (this.paused.has(c.id)) return void this.sent++;
      const roles = Object.keys(c.parties) as (keyof FaultCase['parties'])[];
      const role = roles[Math.floor(Math.random() * roles.length)];
      const bilateral = (role === 'veileder' || role === 'fastlege') && Math.random() < 0.3;
      this.load.send(c.id, bilateral ? c.bilateral : c.group, c.parties[role], `m${this.sent++}`, Math.random() < 0.5);
    }, 1000 / perSecond);
  }

  async stopLoad(): Promise<void> {
    clearInterval(this.timer);
    await this.load.settle();
  }

  /** The clients that must receive a send: every party of a group-thread message, veileder and fastlege for the other. */
  recipients(s: SendRecord): FaultClient[] {
    const c = this.cases.find((x) => x.id === s.caseId)!;
    const parties = s.threadId === c.group ? Object.values(c.parties) : [c.parties.veileder, c.parties.fastlege];
    return parties.map((p) => this.clientOf.get(`${c.id}:${p.sub}`)!);
  }

  crashes(): string[] {
    return this.nodes.flatMap((x) => x.unexpectedExits.map((e) => `${x.name} exited (${e.code ?? e.signal}):\n${e.output}`));
  }

  /**
   * What the issue asks after any fault: every client holds exactly what the REST catch-up lists for its party, every
   * acked message reached each recipient and is stored once (under its sender and clientTxnId), nothing unacked is
   * stored, and no case's sequence has a gap.
   */
  async verify(dbUrl: string): Promise<Record<string, unknown[]>> {
    const expected = new Map<FaultClient, EventPage['events']>();
    for (const client of this.clients) expected.set(client, await allEvents(this.api, this.urls[0], client.actor, client.caseId));
    const converged = await Promise.allSettled(
      this.clients.map((client) => {
        const list = expected.get(client)!;
        const last = list.length > 0 ? list[list.length - 1].seq : 0;
        return client.until(() => client.lastApplied >= last, `seq ${last}`, CONVERGE_MS);
      }),
    );
    const mismatches = this.clients.flatMap((client) => {
      const want = expected.get(client)!.map((e) => e.seq);
      const got = client.received.map((e) => e.seq);
      if (JSON.stringify(want) === JSON.stringify(got) && client.anomalies.length === 0) return [];
      return [
        {
          client: client.name,
          missing: want.filter((s) => !got.includes(s)),
          extra: got.filter((s) => !want.includes(s)),
          anomalies: client.anomalies.slice(0, 5),
        },
      ];
    });
    const acked = this.load.sends.filter((s) => s.acked);
    const undelivered = acked.flatMap((s) =>
      this.recipients(s)
        .filter((c) => !c.received.some((e) => e.messageId === s.acked!.id))
        .map((c) => `${s.clientTxnId} → ${c.name}`),
    );

    const { storedNotOnce, storedUnacked, gaps } = await storedOnce(
      dbUrl,
      this.cases.map((c) => c.id),
      acked,
    );
    return {
      gaveUp: this.load.sends.filter((s) => s.gaveUp).map((s) => `${s.clientTxnId}: ${s.errors.join(', ')}`),
      notConverged: converged.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : [])),
      mismatches,
      undelivered,
      storedNotOnce,
      storedUnacked,
      gaps,
    };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.clients.forEach((c) => c.stop());
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}

/** One `/health/ready` answer: 200 or not (a refused connection or a timeout counts as not ready). */
function probeReady(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/health/ready`, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

/** Probes a node's readiness as a load balancer does (every 100 ms) and keeps each answer with its time. */
class ReadinessWatch {
  readonly probes: { at: number; ready: boolean }[] = [];
  private stopped = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly url: string) {
    void this.run();
  }

  /** The time of the first probe answered at or after `since` that says `ready`; rejects after the timeout. */
  async until(ready: boolean, since: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.probes.find((p) => p.at >= since && p.ready === ready);
      if (hit) return hit.at;
      if (Date.now() > deadline) throw new Error(`${this.url}: readiness did not turn ${ready ? 'green' : 'red'} within ${timeoutMs} ms`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const ready = await probeReady(this.url);
      this.probes.push({ at: Date.now(), ready });
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
      await delay(100);
    }
  }
}

describe('PostgreSQL restarted under two-node socket load', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `faults-${randomUUID()}`;
  let pg: PrivatePostgres | undefined;
  let cluster: Cluster;
  const watches: ReadinessWatch[] = [];

  beforeAll(async () => {
    const [main, api] = await Promise.all([buildHubForProcesses(), RemoteApi.open(process.env.HUB_TEST_DATA_DIR!)]);
    pg = await PrivatePostgres.start(main);
    cluster = new Cluster(api);
    await cluster.start(main, {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: pg.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      AUTH_DEV_ISSUER: 'true',
      HUB_DATA_DIR: process.env.HUB_TEST_DATA_DIR!,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    });
  }, 120_000);

  afterAll(async () => {
    watches.forEach((w) => w.stop());
    await cluster?.stop();
    await pg?.remove();
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    await redis.del(`${redisPrefix}:socket.io`);
    await redis.quit();
  }, 60_000);

  it(
    'refuses every send while the database is down, turns readiness red then green, and recovers without a restart',
    async () => {
      const pids = cluster.nodes.map((n) => n.exits.length);
      await cluster.open(PG_PLAN.cases);
      watches.push(...cluster.urls.map((u) => new ReadinessWatch(u)));
      cluster.startLoad(PG_PLAN.perSecond);
      await delay(PG_PLAN.beforeMs);

      await pg!.down();
      const downAt = Date.now();
      const redAt = await Promise.all(watches.map((w) => w.until(false, downAt, READY_MS)));
      // A REST read during the outage: refused at once with 503 and a retry hint, on both nodes.
      const c0 = cluster.cases[0];
      const reads = await Promise.all(
        cluster.urls.map((u) => cluster.api.call(u, c0.parties.veileder, 'GET', `/cases/${c0.id}/events?after=0`)),
      );
      await delay(PG_PLAN.outageMs);
      const upStartedAt = Date.now();
      await pg!.up();
      const upAt = Date.now();
      const greenAt = await Promise.all(watches.map((w) => w.until(true, upAt, READY_MS)));
      await delay(PG_PLAN.afterMs);
      await cluster.stopLoad();

      const tries = cluster.load.sends.flatMap((s) => s.tries);
      // Sent once the server was gone, answered before it was started again.
      const during = tries.filter((t) => t.sentAt >= downAt && t.answeredAt <= upStartedAt);
      const ackedDuring = during.filter((t) => t.ok);
      const refusalMs = during.filter((t) => !t.ok).map((t) => t.answeredAt - t.sentAt);
      const errors = new Map<string, number>();
      for (const s of cluster.load.sends) for (const e of s.errors) errors.set(e, (errors.get(e) ?? 0) + 1);
      const result = await cluster.verify(pg!.url);
      report('postgres restarted', {
        outageMs: upStartedAt - downAt,
        sends: cluster.load.sends.length,
        acked: cluster.load.sends.filter((s) => s.acked).length,
        attemptsDuringOutage: during.length,
        ackedDuringOutage: ackedDuring.length,
        refusedDuringOutage: during.filter((t) => !t.ok).length,
        refusedP99Ms: quantile(refusalMs, 0.99),
        refusedMaxMs: Math.max(0, ...refusalMs),
        answeredMaxMs: Math.max(0, ...tries.filter((t) => !unanswered(t.error)).map((t) => t.answeredAt - t.sentAt)),
        unanswered: tries.filter((t) => unanswered(t.error)).length,
        sendErrors: [...errors].map(([k, v]) => `${k.replace(' ', ':')}:${v}`).join(',') || 'none',
        redAfterMs: Math.max(...redAt.map((t) => t - downAt)),
        readyAfterMs: Math.max(...greenAt.map((t) => t - upAt)),
        lost: result.gaveUp.length + result.undelivered.length,
        doubled: result.storedNotOnce.length,
      });

      expect(cluster.crashes()).toEqual([]);
      // Recovered in the same processes: no node exited and none was started again.
      expect(cluster.nodes.map((n) => n.exits.length)).toEqual(pids);
      expect(during.length).toBeGreaterThan(0);
      expect(ackedDuring).toEqual([]);
      // Every send during the outage was answered with an error (503 `unavailable` or `busy`, 429 `rate_limited`, …),
      // whose retry hint the client honoured; none was left to the client's timeout.
      expect(during.filter((t) => unanswered(t.error))).toEqual([]);
      expect(during.filter((t) => t.error?.endsWith(' unavailable')).length).toBeGreaterThan(0);
      expect(reads.map((r) => [r.status, (r.body as { error?: string }).error, r.headers.get('retry-after')])).toEqual(
        cluster.urls.map(() => [503, 'unavailable', '1']),
      );
      // No attempt at all, during the outage or around the database's return, hung until the client gave up on it.
      expect(tries.filter((t) => unanswered(t.error)).map((t) => `${t.error} at ${t.sentAt - downAt} ms after the stop`)).toEqual([]);
      expect(result).toEqual({
        gaveUp: [],
        notConverged: [],
        mismatches: [],
        undelivered: [],
        storedNotOnce: [],
        storedUnacked: [],
        gaps: [],
      });
    },
    LONG ? 240_000 : 90_000,
  );
});

const redisInstalled = redisServerInstalled();

describe('Redis stopped under two-node load', () => {
  if (!redisInstalled) {
    it.skip('skipped: redis-server is not installed on this machine (the test starts a private one to stop and start)', () => undefined);
    return;
  }
  const server = process.env.HUB_TEST_SERVER!;
  const dbName = uniqueName('hub_redis_faults');
  let redis: PrivateRedis | undefined;
  let cluster: Cluster;

  beforeAll(async () => {
    const [main, api, privateRedis] = await Promise.all([
      buildHubForProcesses(),
      RemoteApi.open(process.env.HUB_TEST_DATA_DIR!),
      PrivateRedis.start(),
    ]);
    redis = privateRedis;
    cluster = new Cluster(api);
    await adminQuery(server, `CREATE DATABASE ${dbName} TEMPLATE ${process.env.HUB_TEST_TEMPLATE}`);
    await cluster.start(main, {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl(server, dbName),
      REDIS_URL: redis.url,
      REDIS_PREFIX: `faults-${randomUUID()}`,
      AUTH_DEV_ISSUER: 'true',
      HUB_DATA_DIR: process.env.HUB_TEST_DATA_DIR!,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.kill();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }, 60_000);

  it(
    'keeps each node delivering to its own sockets, and fills cross-node delivery from the event log when Redis returns, even after the writing node died',
    async () => {
      const [A, B] = cluster.urls;
      // The last case is written only on node A (REST) and read only on node B: its parties see it only across nodes.
      const probeIndex = REDIS_PLAN.cases;
      await cluster.open(REDIS_PLAN.cases + 1, (ci, i) => (ci === probeIndex ? 1 : i));
      const probe = cluster.cases[probeIndex];
      const probeClients = cluster.clients.filter((c) => c.caseId === probe.id);
      expect(probeClients.map((c) => c.node)).toEqual(probeClients.map(() => B));
      cluster.startLoad(REDIS_PLAN.perSecond, (c) => c !== probe);
      cluster.load.restNodeOf.set(probe.id, A);
      await delay(REDIS_PLAN.beforeMs);

      await redis!.kill();
      const downAt = Date.now();
      await delay(REDIS_PLAN.outageMs);
      // Before Redis returns: every message acked during the outage reached the recipients on the node that wrote it.
      const outageEnd = Date.now();
      const duringSends = cluster.load.sends.filter(
        (s) => s.acked && s.tries.at(-1)!.answeredAt >= downAt && s.tries.at(-1)!.answeredAt <= outageEnd,
      );
      const local = duringSends.flatMap((s) =>
        cluster
          .recipients(s)
          .filter((c) => c.node === s.acked!.node)
          .map((c) => ({ s, c })),
      );
      const localDelivered = await Promise.allSettled(
        local.map(({ s, c }) =>
          c.until(() => c.received.some((e) => e.messageId === s.acked!.id), `${s.clientTxnId} on its own node`, CONVERGE_MS),
        ),
      );
      const probeDuring = duringSends.filter((s) => s.caseId === probe.id);
      const crossDuring = probeDuring.flatMap((s) =>
        cluster.recipients(s).filter((c) => c.received.some((e) => e.messageId === s.acked!.id)),
      );
      const triesDuring = cluster.load.sends.flatMap((s) => s.tries).filter((t) => t.sentAt >= downAt && t.answeredAt <= outageEnd);

      // The probe case goes quiet, and node A, which wrote it, dies before Redis returns: what it published during the
      // outage can reach node B only from the event log, since no later event of that case will show B a gap.
      cluster.paused.add(probe.id);
      await cluster.load.settle((s) => s.caseId === probe.id);
      await cluster.nodes[0].kill('SIGKILL');
      await redis!.up();
      const upAt = Date.now();
      const probeAcked = cluster.load.sends.filter((s) => s.caseId === probe.id && s.acked);
      const caughtUp = await Promise.allSettled(
        probeClients.map((c) =>
          c.until(
            () => probeAcked.every((s) => !cluster.recipients(s).includes(c) || c.received.some((e) => e.messageId === s.acked!.id)),
            'the probe case after Redis returned',
            CONVERGE_MS,
          ),
        ),
      );
      const crossRecoveredMs = Date.now() - upAt;
      await cluster.nodes[0].start();
      cluster.paused.delete(probe.id);
      await delay(REDIS_PLAN.afterMs);
      await cluster.stopLoad();

      const errors = new Map<string, number>();
      for (const s of cluster.load.sends) for (const e of s.errors) errors.set(e, (errors.get(e) ?? 0) + 1);
      const result = await cluster.verify(databaseUrl(server, dbName));
      report('redis stopped', {
        outageMs: outageEnd - downAt,
        sends: cluster.load.sends.length,
        acked: cluster.load.sends.filter((s) => s.acked).length,
        attemptsDuringOutage: triesDuring.length,
        ackedDuringOutage: triesDuring.filter((t) => t.ok).length,
        refusedDuringOutage: triesDuring.filter((t) => !t.ok).length,
        busyDuringOutage: triesDuring.filter((t) => t.error?.endsWith(' busy')).length,
        sendErrors: [...errors].map(([k, v]) => `${k.replace(' ', ':')}:${v}`).join(',') || 'none',
        localDeliveriesDuringOutage: `${localDelivered.filter((r) => r.status === 'fulfilled').length}/${local.length}`,
        crossNodeDuringOutage: `${crossDuring.length}/${probeDuring.length * 4}`,
        probeMessagesAcked: probeAcked.length,
        crossRecoveredMs,
        lost: result.gaveUp.length + result.undelivered.length,
        doubled: result.storedNotOnce.length,
      });

      expect(cluster.crashes()).toEqual([]);
      expect(caughtUp.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
      expect(local.length).toBeGreaterThan(0);
      expect(localDelivered.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
      // Sends do not need Redis: none failed or hung during the outage. A `busy` is the writer shedding load when the
      // (shared) database is slow, which the client waits out as asked; it does not depend on Redis.
      expect(triesDuring.filter((t) => !t.ok && !t.error?.endsWith(' busy'))).toEqual([]);
      expect(result).toEqual({
        gaveUp: [],
        notConverged: [],
        mismatches: [],
        undelivered: [],
        storedNotOnce: [],
        storedUnacked: [],
        gaps: [],
      });
    },
    LONG ? 240_000 : 90_000,
  );
});
