import { randomUUID } from 'node:crypto';
import { caseWithFourParties, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

/** Two hub nodes sharing one PostgreSQL and one Redis, as behind a load balancer. */
describe('two hub nodes on one Redis and one PostgreSQL', () => {
  let a: TestHub & { databaseName: string };
  let b: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    const env = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `test-${randomUUID()}` };
    a = await startHub({ env });
    b = await startHub({ env, databaseName: a.databaseName });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await b.stop();
    await a.stop();
    // Stopped nodes hold no connection that keeps the process alive: the adapter's stream readers, still blocked in an
    // XREAD of up to 5 s, are unreferenced (they held jest's worker past its exit).
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap')).toEqual([]);
  });

  it('delivers a message sent on node A to a client on node B', async () => {
    const c = await caseWithFourParties(a);
    const t = await thread(a, c, ['sykmeldt', 'veileder']);
    const onB = await connectAs(b, c.sykmeldt);
    open.push(onB);
    expect((await onB.subscribe(c.id)).ok).toBe(true);
    await send(a, c, t, c.veileder, { tekst: 'fra node A', medisinskVurdering: 'vurdering' });
    const got = await onB.until(() => onB.of(c.id).find((e) => e.message?.tekst === 'fra node A'), 'the message on node B');
    expect(got.message!.medisinskVurdering).toBe('vurdering');
  });

  it('lets a client move from node A to node B and resume without loss or duplicates', async () => {
    const c = await caseWithFourParties(a);
    const t = await thread(a, c, ['sykmeldt', 'veileder']);
    const onA = await connectAs(a, c.sykmeldt);
    open.push(onA);
    const { lastSeq: start } = await onA.subscribe(c.id);
    await send(a, c, t, c.veileder, { tekst: 'm0' });
    // Waits for m0 itself: the subscription's catch-up already pushed the case's earlier events, and the REST answer to
    // a send may arrive before the socket's copy of it (two connections, no order between them).
    const seen = await onA.until(() => onA.of(c.id).some((e) => e.message?.tekst === 'm0') && onA.of(c.id), 'm0 on node A');
    onA.close();
    // While the client is away, both nodes write.
    for (let i = 1; i <= 20; i++) await send(i % 2 ? b : a, c, t, c.veileder, { tekst: `m${i}` });
    const onB = await connectAs(b, c.sykmeldt);
    open.push(onB);
    const last = seen[seen.length - 1].seq;
    expect((await onB.subscribe(c.id, last)).ok).toBe(true);
    // And live again on either node.
    await send(a, c, t, c.veileder, { tekst: 'm21' });
    await send(b, c, t, c.veileder, { tekst: 'm22' });
    const events = await onB.untilEvents(c.id, 22);
    expect(events.map((e) => e.message?.tekst)).toEqual(Array.from({ length: 22 }, (_, i) => `m${i + 1}`));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 22 }, (_, i) => start + 2 + i));
  });

  it('keeps order on a client of node B while both nodes write to the same case at once', async () => {
    const c = await caseWithFourParties(a);
    const t = await thread(a, c, ['sykmeldt', 'veileder']);
    const onB = await connectAs(b, c.veileder);
    open.push(onB);
    const lastSeq: number = (await a.as(c.veileder).get(`/cases/${c.id}`).expect(200)).body.case.lastSeq;
    expect((await onB.subscribe(c.id, lastSeq)).ok).toBe(true);
    await Promise.all(Array.from({ length: 40 }, (_, i) => send(i % 2 ? a : b, c, t, c.sykmeldt, { tekst: `p${i}` })));
    const events = await onB.untilEvents(c.id, 40);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => lastSeq + 1 + i));
    expect(new Set(events.map((e) => e.message?.tekst)).size).toBe(40);
  });
});
