import { randomUUID } from 'node:crypto';
import { buildHubForProcesses } from '../support/hub-build';
import { freePort, HubProcess } from '../support/hub-process';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { PrivateRedis, redisServerInstalled } from '../support/private-services';
import type { EventPage, FaultCase } from './fault-cases';
import { openCase } from './fault-cases';
import { FaultClient } from './fault-client';
import { RemoteApi } from './remote-api';

interface SendAck {
  ok: boolean;
  message?: { id: string; seq: number };
}

/**
 * Redis killed with commands of every client the hub keeps on the wire: the socket.io adapter's publisher (the
 * cross-node fan-out of a send), its stream readers and subscriber, and the limits client (socket leases, a REST
 * rate-limit count). Redis is frozen first, so those commands are surely waiting for an answer when it dies.
 */
describe('Redis killed while every Redis client of a node has a command in flight', () => {
  if (!redisServerInstalled()) {
    it.skip('skipped: redis-server is not installed on this machine (the test starts a private one to kill)', () => undefined);
    return;
  }
  const server = process.env.HUB_TEST_SERVER!;
  const dbName = uniqueName('hub_redis_clients');
  let redis: PrivateRedis | undefined;
  let node: HubProcess | undefined;
  let api: RemoteApi;
  let kase: FaultCase;
  let veileder: FaultClient;
  let fastlege: FaultClient;

  beforeAll(async () => {
    const [main, remote, privateRedis] = await Promise.all([
      buildHubForProcesses(),
      RemoteApi.open(process.env.HUB_TEST_DATA_DIR!),
      PrivateRedis.start(),
    ]);
    api = remote;
    redis = privateRedis;
    await adminQuery(server, `CREATE DATABASE ${dbName} TEMPLATE ${process.env.HUB_TEST_TEMPLATE}`);
    node = new HubProcess('node', main, await freePort(), {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl(server, dbName),
      REDIS_URL: redis.url,
      REDIS_PREFIX: `faults-${randomUUID()}`,
      AUTH_DEV_ISSUER: 'true',
      HUB_DATA_DIR: process.env.HUB_TEST_DATA_DIR!,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    });
    await node.start();
    kase = await openCase(api, node.url);
    const refetch = (who: FaultClient['actor']) => async (after: number) =>
      (await api.expect(200, node!.url, who, 'GET', `/cases/${kase.id}/events?after=${after}&limit=1000`)) as unknown as EventPage;
    const client = async (who: FaultClient['actor']) =>
      new FaultClient(who.role, who, kase.id, await api.token(who), [node!.url], refetch(who));
    [veileder, fastlege] = await Promise.all([client(kase.parties.veileder), client(kase.parties.fastlege)]);
    for (const c of [veileder, fastlege]) c.start(0);
    await Promise.all([veileder, fastlege].map((c) => c.until(() => c.isSubscribed, 'the first subscribe', 15_000)));
  }, 120_000);

  afterAll(async () => {
    veileder?.stop();
    fastlege?.stop();
    await node?.stop();
    await redis?.kill();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }, 60_000);

  const send = async (from: FaultClient, tekst: string): Promise<SendAck> =>
    (await from
      .live!.timeout(10_000)
      .emitWithAck('message.send', { caseId: kase.id, threadId: kase.bilateral, clientTxnId: randomUUID(), tekst })) as SendAck;

  it('keeps the node running and answering, and it reconnects when Redis returns', async () => {
    redis!.freeze();
    // Committed and acked without Redis; its cross-node PUBLISH now waits on the frozen server.
    const frozenSend = await send(veileder, 'sent while Redis hangs');
    expect(frozenSend.ok).toBe(true);
    // Its REST rate-limit count waits on Redis too, until Redis dies and the node counts alone.
    const rest = api.call(node!.url, kase.parties.veileder, 'GET', `/cases/${kase.id}/events?after=0`, undefined, 15_000);
    const lost = node!.waitForOutput('Redis (sockets) connection lost');
    await redis!.kill();
    await lost;

    // Still the same process, answering REST and sockets.
    expect((await rest).status).toBe(200);
    const during = await send(fastlege, 'sent while Redis is gone');
    expect(during.ok).toBe(true);
    await veileder.until(
      () => veileder.received.some((e) => e.messageId === during.message!.id),
      'a send while Redis is gone, on the same node',
      10_000,
    );

    const back = node!.waitForOutput('Redis (sockets) connected again', 20_000);
    await redis!.up();
    await back;
    const after = await send(fastlege, 'sent after Redis returned');
    expect(after.ok).toBe(true);
    await veileder.until(() => veileder.received.some((e) => e.messageId === after.message!.id), 'a send after Redis returned', 10_000);
    expect(node!.unexpectedExits).toEqual([]);
    expect(node!.exits).toEqual([]);
  }, 90_000);
});
