import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import { caseWithFourParties, send, thread } from '../factories/make';
import { shortId, syntheticFnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs, TestSocket } from '../support/socket';

const RATE_LIMITED = { error: 'rate_limited', message: expect.any(String) };

/** Connects, or answers with the server's refusal (its message and the error body it carries). */
async function tryConnect(hub: TestHub, actor: Actor): Promise<TestSocket | { refused: string; data: unknown }> {
  return connectAs(hub, actor).catch((e: Error & { data?: unknown }) => ({ refused: e.message, data: e.data }));
}

describe('limits of a shared hub (issue 14), one node', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub({
      env: {
        // Above the 27 requests the search story's veileder makes to arrange its 12 cases.
        REST_RATE_LIMIT_POINTS: '40',
        REST_RATE_LIMIT_ANONYMOUS_POINTS: '5',
        SOCKET_CATCH_UP_PER_MINUTE: '25',
        SOCKET_MESSAGES_PER_SECOND: '1',
        SOCKET_RATE_LIMIT_STRIKES: '5',
      },
    });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(() => hub.stop());

  it("refuses a person's 11th socket with rate_limited, and admits one again when another closes", async () => {
    const person: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    for (let i = 0; i < 10; i++) {
      const s = await tryConnect(hub, person);
      if (!(s instanceof TestSocket)) throw new Error(`socket ${i + 1} was refused: ${s.refused}`);
      open.push(s);
    }
    expect(await tryConnect(hub, person)).toEqual({ refused: 'rate_limited', data: RATE_LIMITED });
    // Another person is not affected.
    const other = await tryConnect(hub, { role: 'sykmeldt', sub: shortId('syk') });
    expect(other).toBeInstanceOf(TestSocket);
    open.push(other as TestSocket);
    // A closed socket gives its place back once the server has seen it go.
    open.shift()!.close();
    let again: TestSocket | undefined;
    for (let attempt = 0; attempt < 200 && !again; attempt++) {
      const s = await tryConnect(hub, person);
      if (s instanceof TestSocket) again = s;
    }
    expect(again).toBeDefined();
    open.push(again!);
  });

  it('answers a REST burst past the limit with 429, retry-after and the error shape, before validating it', async () => {
    const person: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    for (let i = 0; i < 40; i++) await hub.as(person).get('/cases').expect(200);
    const limited = await hub.as(person).get('/cases').expect(429);
    expect(limited.body).toEqual({ error: 'rate_limited', message: 'Too many requests: slow down', retryAfterMs: expect.any(Number) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Past the limit a bad body is not even read: the answer is still 429, not 400.
    const bad = await hub.as(person).post('/cases').send({ sykmeldtFnr: 'x' }).expect(429);
    expect(bad.body).toEqual({ error: 'rate_limited', message: 'Too many requests: slow down', retryAfterMs: expect.any(Number) });
    // Another person has their own budget.
    await hub
      .as({ role: 'sykmeldt', sub: shortId('syk') })
      .get('/cases')
      .expect(200);
  });

  it('limits requests without a valid token per client address', async () => {
    for (let i = 0; i < 5; i++) await hub.http().get('/health/live').expect(200);
    const limited = await hub.http().get('/cases').set('authorization', 'Bearer not-a-token').expect(429);
    expect(limited.body).toEqual({ error: 'rate_limited', message: 'Too many requests: slow down', retryAfterMs: expect.any(Number) });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('tells a socket that re-subscribes past its catch-up budget to refetch over REST', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    for (let i = 0; i < 10; i++) await send(hub, c, t, c.veileder, { tekst: `m${i}` });
    const sock = await connectAs(hub, c.sykmeldt);
    open.push(sock);
    const first = await sock.subscribe(c.id, 0);
    expect(first.ok).toBe(true);
    // The setup replays more than half the budget of 25, so a second full replay does not fit.
    expect(first.lastSeq).toBeGreaterThan(12);
    expect(first.lastSeq).toBeLessThanOrEqual(25);
    // The catch-up is pushed before the ack.
    expect(sock.of(c.id).map((e) => e.seq)).toEqual(Array.from({ length: first.lastSeq }, (_, i) => i + 1));
    const again = await sock.subscribe(c.id, 0);
    expect(again).toEqual({ ok: false, refetch: true, lastSeq: first.lastSeq });
    // Nothing was replayed for the refused catch-up.
    expect(sock.of(c.id)).toHaveLength(first.lastSeq);
    // The REST catch-up is paginated; after it, subscribing from its end replays nothing and succeeds.
    const rest = await hub.as(c.sykmeldt).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(JSON.stringify(rest.body)).toContain('m9');
    expect(await sock.subscribe(c.id, first.lastSeq)).toEqual({ ok: true, lastSeq: first.lastSeq });
  });

  it('disconnects a socket that keeps hitting its rate limit, saying why first', async () => {
    const c = await caseWithFourParties(hub);
    const sock = await connectAs(hub, c.sykmeldt);
    open.push(sock);
    const acks = await Promise.all(
      Array.from({ length: 30 }, () => sock.request('presence.get', { caseId: c.id }, 10_000).catch(() => ({ ok: false, lost: true }))),
    );
    expect(acks.filter((a) => (a as { error?: { error: string } }).error?.error === 'rate_limited').length).toBeGreaterThanOrEqual(5);
    expect(await sock.untilSignal('session.closed')).toEqual({
      error: 'rate_limited',
      message: 'Disconnected: too many requests past the rate limit',
    });
    await sock.until(() => !sock.socket.connected, 'the server to close the socket');
  });

  it('searches across many cases with one access read: one audit row per case with hits, not per case', async () => {
    const veileder: Actor = { role: 'veileder', sub: shortId('Z99') };
    const word = `tilrettelegging${randomUUID().slice(0, 8).replace(/\d/g, 'x')}`;
    const cases: string[] = [];
    for (let i = 0; i < 12; i++) {
      const opened = await hub
        .as(veileder)
        .post('/cases')
        .send({ sykmeldtFnr: syntheticFnr(), sykmeldtId: shortId('syk'), startDate: '2026-08-03' })
        .expect(201);
      cases.push(opened.body.case.id);
    }
    const withHits = [cases[2], cases[7]];
    // Every case has a thread the veileder may search; two of them hold the word.
    for (const caseId of cases) {
      const t = await hub
        .as(veileder)
        .post(`/cases/${caseId}/threads`)
        .send({ subject: 'Oppfølging', participants: ['sykmeldt', 'veileder'] })
        .expect(201);
      if (withHits.includes(caseId)) {
        await hub
          .as(veileder)
          .post(`/cases/${caseId}/threads/${t.body.id}/messages`)
          .send({ clientTxnId: randomUUID(), tekst: `Om ${word} på arbeidsplassen` })
          .expect(201);
      }
    }
    const found = await hub.as(veileder).get(`/search?q=${word}`).expect(200);
    expect(found.body.map((h: { caseId: string }) => h.caseId).sort()).toEqual([...withHits].sort());
    const rows = await hub.query<{ case_id: string; n: number }>(
      `SELECT case_id, cardinality(subject_ids) AS n FROM audit_log WHERE actor_id = $1 AND action = 'search' ORDER BY case_id`,
      [veileder.sub],
    );
    expect(rows.map((r) => r.case_id)).toEqual([...withHits].sort());
    expect(rows.map((r) => Number(r.n))).toEqual([1, 1]);
  });
});

describe('limits of a shared hub (issue 14), two nodes on one Redis', () => {
  let a: TestHub & { databaseName: string };
  let b: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    const env = {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `test-${randomUUID()}`,
      REST_RATE_LIMIT_POINTS: '6',
      SOCKET_MAX_PER_PERSON: '3',
    };
    a = await startHub({ env });
    b = await startHub({ env, databaseName: a.databaseName });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('shares one REST limit per person across the nodes', async () => {
    const person: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    for (let i = 0; i < 3; i++) {
      await a.as(person).get('/cases').expect(200);
      await b.as(person).get('/cases').expect(200);
    }
    const limited = await a.as(person).get('/cases').expect(429);
    expect(limited.body).toEqual({ error: 'rate_limited', message: 'Too many requests: slow down', retryAfterMs: expect.any(Number) });
    expect(limited.headers['retry-after']).toBeDefined();
    await b.as(person).get('/cases').expect(429);
  });

  it("counts a person's sockets across the nodes", async () => {
    const person: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    for (const node of [a, b, a]) {
      const s = await tryConnect(node, person);
      if (!(s instanceof TestSocket)) throw new Error(`refused: ${s.refused}`);
      open.push(s);
    }
    expect(await tryConnect(b, person)).toEqual({ refused: 'rate_limited', data: RATE_LIMITED });
    expect(await tryConnect(a, person)).toEqual({ refused: 'rate_limited', data: RATE_LIMITED });
  });
});
