import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createClient } from 'redis';
import type { Actor } from '@hub/domain';
import { buildHubForProcesses } from '../support/hub-build';
import { freePort, HubProcess } from '../support/hub-process';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import type { EventPage, FaultCase } from './fault-cases';
import { allEvents, openCase, storedOnce } from './fault-cases';
import { FaultClient } from './fault-client';
import { LONG, report } from './fault-settings';
import { RemoteApi } from './remote-api';
import { SendLoad } from './send-load';

/** Bounded in count and time: the short form runs in `npm test`, the long one with FAULTS=long. */
const PLAN = LONG
  ? {
      cases: 8,
      loadMs: 60_000,
      perSecond: 60,
      dropEveryMs: 150,
      kills: [
        { atMs: 10_000, node: 1 },
        { atMs: 34_000, node: 0 },
      ],
      dbCutsAtMs: [20_000, 44_000, 52_000],
    }
  : { cases: 3, loadMs: 9_000, perSecond: 30, dropEveryMs: 300, kills: [{ atMs: 2_000, node: 1 }], dbCutsAtMs: [5_500] };
const SEND_DEADLINE_MS = 30_000;
const CONVERGE_MS = 15_000;

describe('two hub processes on one PostgreSQL and one Redis, under faults', () => {
  const server = process.env.HUB_TEST_SERVER!;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `faults-${randomUUID()}`;
  const dbName = uniqueName('hub_faults');
  let nodes: HubProcess[] = [];
  let api: RemoteApi;
  const clients: FaultClient[] = [];

  beforeAll(async () => {
    const [main, remote] = await Promise.all([buildHubForProcesses(), RemoteApi.open(process.env.HUB_TEST_DATA_DIR!)]);
    api = remote;
    await adminQuery(server, `CREATE DATABASE ${dbName} TEMPLATE ${process.env.HUB_TEST_TEMPLATE}`);
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl(server, dbName),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      AUTH_DEV_ISSUER: 'true',
      HUB_DATA_DIR: process.env.HUB_TEST_DATA_DIR!,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    };
    nodes = [new HubProcess('node A', main, await freePort(), env), new HubProcess('node B', main, await freePort(), env)];
    await Promise.all(nodes.map((n) => n.start()));
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.stop());
    await Promise.all(nodes.map((n) => n.stop()));
    await adminQuery(server, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    await redis.del(`${redisPrefix}:socket.io`);
    await redis.quit();
  }, 30_000);

  it(
    'loses and doubles nothing while clients drop, a node is SIGKILLed and restarted, and the database connections are cut',
    async () => {
      const urls = nodes.map((n) => n.url);
      const cases = await Promise.all(Array.from({ length: PLAN.cases }, () => openCase(api, urls[0])));
      const clientOf = new Map<string, FaultClient>();
      const refetch = (c: FaultCase, actor: Actor) => async (after: number) =>
        (await api.expect(200, urls[0], actor, 'GET', `/cases/${c.id}/events?after=${after}&limit=1000`)) as unknown as EventPage;
      for (const c of cases) {
        for (const [role, actor] of Object.entries(c.parties)) {
          const client = new FaultClient(`${role}@${c.id.slice(0, 8)}`, actor, c.id, await api.token(actor), urls, refetch(c, actor));
          clients.push(client);
          clientOf.set(`${c.id}:${actor.sub}`, client);
          client.start(clients.length);
        }
      }
      await Promise.all(clients.map((c) => c.until(() => c.isSubscribed, 'the first subscribe', 15_000)));

      const load = new SendLoad(api, urls, (caseId, actor) => clientOf.get(`${caseId}:${actor.sub}`), SEND_DEADLINE_MS);
      const faults = { killed: 0, restarted: 0, terminatedBackends: 0, dbCuts: 0 };
      const timers: NodeJS.Timeout[] = [];
      const chaos: Promise<void>[] = [];
      let n = 0;
      timers.push(
        setInterval(() => {
          const c = cases[n % cases.length];
          const roles = Object.keys(c.parties) as (keyof FaultCase['parties'])[];
          const role = roles[Math.floor(Math.random() * roles.length)];
          const bilateral = (role === 'veileder' || role === 'fastlege') && Math.random() < 0.3;
          load.send(c.id, bilateral ? c.bilateral : c.group, c.parties[role], `m${n++}`, Math.random() < 0.5);
        }, 1000 / PLAN.perSecond),
        setInterval(() => clients[Math.floor(Math.random() * clients.length)].drop(Math.random() * 400), PLAN.dropEveryMs),
      );
      for (const k of PLAN.kills) {
        chaos.push(
          delay(k.atMs).then(async () => {
            await nodes[k.node].kill('SIGKILL');
            faults.killed++;
            await nodes[k.node].start();
            faults.restarted++;
          }),
        );
      }
      for (const at of PLAN.dbCutsAtMs) {
        chaos.push(
          delay(at).then(async () => {
            faults.terminatedBackends += await terminateBackends(server, dbName);
            faults.dbCuts++;
          }),
        );
      }
      await delay(PLAN.loadMs);
      timers.forEach((t) => clearInterval(t));
      await Promise.all(chaos);
      await load.settle();
      // A node that died on its own makes every later check moot: say so first, with its last output.
      const crashes = nodes.flatMap((x) => x.unexpectedExits.map((e) => `${x.name} exited (${e.code ?? e.signal}):\n${e.output}`));
      if (crashes.length > 0) {
        report('cluster: drops, SIGKILL + restart, pg_terminate_backend', {
          sends: load.sends.length,
          acked: load.sends.filter((s) => s.acked).length,
          ...faults,
          nodeCrashes: crashes.length,
        });
        expect(crashes).toEqual([]);
      }

      // Every client catches up to everything it may see, as the REST catch-up lists it for that party.
      const expected = new Map<FaultClient, EventPage['events']>();
      for (const client of clients) expected.set(client, await allEvents(api, urls[0], client.actor, client.caseId));
      const converged = await Promise.allSettled(
        clients.map((client) => {
          const list = expected.get(client)!;
          const last = list.length > 0 ? list[list.length - 1].seq : 0;
          return client.until(() => client.lastApplied >= last && client.isSubscribed, `seq ${last}`, CONVERGE_MS);
        }),
      );
      const mismatches = clients.flatMap((client) => {
        const want = expected.get(client)!.map((e) => e.seq);
        const got = client.received.map((e) => e.seq);
        if (JSON.stringify(want) === JSON.stringify(got) && client.anomalies.length === 0) return [];
        const missing = want.filter((s) => !got.includes(s));
        const extra = got.filter((s) => !want.includes(s));
        return [
          { client: client.name, missing, extra, anomalies: client.anomalies.slice(0, 5), received: got.length, expected: want.length },
        ];
      });

      // Every acked message reached every participant's client; none was acked twice with different ids.
      const acked = load.sends.filter((s) => s.acked);
      let deliveries = 0;
      const undelivered: string[] = [];
      for (const s of acked) {
        const c = cases.find((x) => x.id === s.caseId)!;
        const participants = s.threadId === c.group ? Object.values(c.parties) : [c.parties.veileder, c.parties.fastlege];
        for (const p of participants) {
          deliveries++;
          const client = clientOf.get(`${c.id}:${p.sub}`)!;
          if (!client.received.some((e) => e.messageId === s.acked!.id)) undelivered.push(`${s.clientTxnId} → ${client.name}`);
        }
      }

      // The database holds every acked message exactly once, under its sender and clientTxnId, and nothing else.
      const {
        storedNotOnce: storage,
        storedUnacked: unacked,
        gaps,
      } = await storedOnce(
        databaseUrl(server, dbName),
        cases.map((c) => c.id),
        acked,
      );

      const errors = new Map<string, number>();
      for (const s of load.sends) for (const e of s.errors) errors.set(e, (errors.get(e) ?? 0) + 1);
      const subscribeErrors = new Map<string, number>();
      for (const c of clients) for (const [k, v] of c.subscribeErrors) subscribeErrors.set(k, (subscribeErrors.get(k) ?? 0) + v);
      const sum = (f: (c: FaultClient) => number) => clients.reduce((a, c) => a + f(c), 0);
      report('cluster: drops, SIGKILL + restart, pg_terminate_backend', {
        cases: cases.length,
        clients: clients.length,
        sends: load.sends.length,
        acked: acked.length,
        ackedAsRepeat: acked.filter((s) => !s.acked!.created).length,
        retriedSends: load.sends.filter((s) => s.attempts > 1).length,
        gaveUp: load.sends.filter((s) => s.gaveUp).length,
        sendErrors: [...errors].map(([k, v]) => `${k.replace(' ', ':')}:${v}`).join(',') || 'none',
        drops: sum((c) => c.counts.drops),
        lostConnections: sum((c) => c.counts.lostConnections),
        resubscribes: sum((c) => c.counts.subscribes),
        subscribeRefusals: [...subscribeErrors].map(([k, v]) => `${k}:${v}`).join(',') || 'none',
        eventsChecked: sum((c) => expected.get(c)!.length),
        deliveriesChecked: deliveries,
        ...faults,
        mismatchedClients: mismatches.length,
      });

      expect(faults).toEqual({
        killed: PLAN.kills.length,
        restarted: PLAN.kills.length,
        dbCuts: PLAN.dbCutsAtMs.length,
        terminatedBackends: expect.any(Number),
      });
      expect(load.sends.filter((s) => s.gaveUp).map((s) => `${s.clientTxnId}: ${s.errors.join(', ')}`)).toEqual([]);
      expect(converged.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
      expect(mismatches).toEqual([]);
      expect(undelivered).toEqual([]);
      expect(storage).toEqual([]);
      expect(unacked).toEqual([]);
      expect(gaps).toEqual([]);
      expect(acked.length).toBe(load.sends.length);
    },
    LONG ? 240_000 : 90_000,
  );
});

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Cuts every connection the hub nodes hold to the database; their pools must reconnect on their own. */
async function terminateBackends(server: string, dbName: string): Promise<number> {
  const url = new URL(server);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      dbName,
    ]);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}
