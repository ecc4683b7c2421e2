import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { SignJWT, importJWK } from 'jose';
import { DEFAULT_AUDIENCE, DEV_ISSUER } from '../../apps/hub/src/config/config';
import { loadOrCreateDevKey } from '../../apps/hub/src/auth/dev-issuer';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import { shortId } from '../factories/ids';
import { AuditService } from '../../apps/hub/src/audit/audit.service';
import { CaseAccessService } from '../../apps/hub/src/access/case-access.service';
import { CaseFanout } from '../../apps/hub/src/realtime/case-fanout.service';
import { CaseEventsGateway } from '../../apps/hub/src/realtime/case-events.gateway';
import { parseScrape, quantile, stagesBetween } from '../../bench/src/hub-stages';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

describe('real-time delivery over socket.io', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  const connect = async (...args: Parameters<typeof connectAs> extends [unknown, ...infer R] ? R : never) => {
    const s = await connectAs(hub, ...args);
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    hub = await startHub({ env: { SOCKET_MAX_CATCH_UP: '2000' } });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(() => hub.stop());

  it('delivers a message live to every party, each through its own view', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const sockets = {
      sykmeldt: await connect(c.sykmeldt),
      arbeidsgiver: await connect(c.arbeidsgiver),
      fastlege: await connect(c.fastlege),
      veileder: await connect(c.veileder),
    };
    for (const sock of Object.values(sockets)) expect((await sock.subscribe(c.id)).ok).toBe(true);
    const planted = `PLANTED-${randomUUID()}`;
    await send(hub, c, group, c.fastlege, {
      tekst: 'Etter kontroll',
      funksjonsevne: 'Kan ikke løfte',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: planted }],
      medisinskVurdering: planted,
    });

    const got = async (sock: TestSocket) =>
      (await sock.until(() => sock.of(c.id).find((e) => e.type === 'message.created'), 'the message')).message!;
    const leder = await got(sockets.arbeidsgiver);
    expect(leder.tekst).toBe('Etter kontroll');
    expect(JSON.stringify(sockets.arbeidsgiver.of(c.id))).not.toMatch(new RegExp(`${planted}|diagnose|medisinsk|funksjonsevne|L03`));
    for (const who of ['sykmeldt', 'fastlege', 'veileder'] as const) {
      const m = await got(sockets[who]);
      expect(m.diagnose).toEqual([{ system: 'ICPC-2', kode: 'L03', tekst: planted }]);
      expect(m.funksjonsevne).toBe('Kan ikke løfte');
    }
    // Innsyn: the sykmeldt can see that the leader received the message over the socket (written in the background).
    const deliveredTo = async () => {
      const entries = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as {
        action: string;
        channel: string;
        actorRole: string;
        subjectIds: string[];
      }[];
      return entries.filter(
        (e) =>
          e.action === 'deliver' && e.channel === 'socket' && e.actorRole === 'arbeidsgiver' && e.subjectIds.includes(leder.id as string),
      );
    };
    const deadline = Date.now() + 5000;
    while ((await deliveredTo()).length === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect((await deliveredTo()).length).toBeGreaterThan(0);
  });

  it('writes one delivery row per person and window, naming every message delivered in it', async () => {
    const audit = hub.app.get(AuditService);
    const caseId = randomUUID();
    const leder = { role: 'arbeidsgiver' as const, sub: shortId('leder') };
    const lege = { role: 'fastlege' as const, sub: shortId('lege') };
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids) audit.delivered(leder, { caseId, subjectType: 'Message', subjectIds: [id] });
    audit.delivered(lege, { caseId, subjectType: 'Message', subjectIds: [ids[0]] });
    audit.delivered(leder, { caseId, subjectType: 'Message', subjectIds: [ids[1]], channel: 'rest' });
    await audit.flush();
    const rows = await hub.query<{ actor_id: string; channel: string; subject_ids: string[] }>(
      'SELECT actor_id, channel, subject_ids FROM audit_log WHERE case_id = $1 ORDER BY actor_id, channel',
      [caseId],
    );
    expect(rows).toEqual(
      [
        { actor_id: leder.sub, channel: 'rest', subject_ids: [ids[1]] },
        { actor_id: leder.sub, channel: 'socket', subject_ids: ids },
        { actor_id: lege.sub, channel: 'socket', subject_ids: [ids[0]] },
      ].sort((a, b) => (a.actor_id + a.channel < b.actor_id + b.channel ? -1 : 1)),
    );
    // A new window starts a new row.
    audit.delivered(leder, { caseId, subjectType: 'Message', subjectIds: [ids[2]] });
    await audit.flush();
    const [{ n }] = await hub.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND actor_id = $2 AND channel = 'socket'`,
      [caseId, leder.sub],
    );
    expect(Number(n)).toBe(2);
  });

  it('acks a socket send only after the message is committed, with the stored message', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sock = await connect(c.sykmeldt);
    await sock.subscribe(c.id);
    const clientTxnId = randomUUID();
    const ack = await sock.request<{ ok: boolean; created: boolean; message: { id: string; seq: number; clientTxnId: string } }>(
      'message.send',
      { caseId: c.id, threadId: t, clientTxnId, tekst: 'Hei' },
    );
    expect(ack).toMatchObject({ ok: true, created: true, message: { clientTxnId, tekst: 'Hei' } });
    // Read on another connection straight after the ack: the row is there.
    const rows = await hub.query<{ id: string; seq: string }>('SELECT id, seq FROM messages WHERE id = $1', [ack.message.id]);
    expect(rows).toEqual([{ id: ack.message.id, seq: String(ack.message.seq) }]);

    const again = await sock.request<{ ok: boolean; created: boolean; message: { id: string } }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId,
      tekst: 'Hei',
    });
    expect(again).toMatchObject({ ok: true, created: false, message: { id: ack.message.id } });
    expect(await hub.query('SELECT id FROM messages WHERE thread_id = $1', [t])).toHaveLength(1);
  });

  it('writes a sender its ack and its own message event in one TCP write', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sock = await connect(c.sykmeldt);
    await sock.subscribe(c.id);
    // The server's end of this socket's TCP connection: what each of its writes carries.
    const server = hub.app.get(CaseEventsGateway).io.sockets.sockets.get(sock.socket.id!)!;
    const tcp = (server.conn.transport as unknown as { socket: { _socket: Writable } }).socket._socket;
    const writes: string[] = [];
    const text = (chunk: unknown) => Buffer.from(chunk as Buffer).toString('latin1');
    const write = tcp._write.bind(tcp);
    tcp._write = (chunk, encoding, cb) => {
      writes.push(text(chunk));
      write(chunk, encoding, cb);
    };
    const writev = tcp._writev!.bind(tcp);
    tcp._writev = (chunks, cb) => {
      writes.push(chunks.map((c) => text(c.chunk)).join(''));
      writev(chunks, cb);
    };
    const ack = await sock.request<{ ok: boolean; message: { id: string } }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId: randomUUID(),
      tekst: 'Hei',
    });
    await sock.until(() => sock.of(c.id).some((e) => e.message?.id === ack.message.id), 'its own message event');
    const both = writes.filter((w) => w.includes('"created":true') && w.includes('"case.events"') && w.includes(ack.message.id));
    expect(both).toHaveLength(1);
  });

  it('shows on /metrics where socket sends spend their time, stage by stage, as the benchmark reads it', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sender = await connect(c.sykmeldt);
    const reader = await connect(c.veileder);
    await sender.subscribe(c.id);
    await reader.subscribe(c.id);
    const metrics = async () => parseScrape((await hub.http().get('/metrics').expect(200)).text);
    const before = await metrics();
    const acks = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        sender.request<{ ok: boolean }>('message.send', { caseId: c.id, threadId: t, clientTxnId: randomUUID(), tekst: `Melding ${i}` }),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await reader.until(() => reader.of(c.id).length >= 5, 'five deliveries');
    // A refused send is no completed send.
    expect((await sender.request<{ ok: boolean }>('message.send', { caseId: c.id, threadId: t, clientTxnId: 'x', tekst: '' })).ok).toBe(
      false,
    );
    const stages = stagesBetween(before, await metrics())!;

    expect(stages.socketSend.count).toBe(5);
    expect(stages.writeWait.count).toBe(5);
    // Every message went in exactly one batch, and each batch made one round trip.
    expect(Math.round(stages.writeBatchSize.mean! * stages.writeBatchSize.count)).toBe(5);
    expect(stages.writeDuration.count).toBe(stages.writeBatchSize.count);
    expect(stages.fanoutDelay.count).toBeGreaterThanOrEqual(1);
    expect(stages.socketSend.p50).toBeGreaterThan(0);
    // A send's round trip holds its batch's: the write is part of the send.
    expect(stages.socketSend.mean!).toBeGreaterThanOrEqual(stages.writeDuration.mean! * 0.99);
  });

  it('estimates stage percentiles within buckets from the difference of two scrapes', () => {
    const before: [number, number][] = [
      [0.001, 10],
      [0.002, 10],
      [0.005, 10],
      [Infinity, 10],
    ];
    const after: [number, number][] = [
      [0.001, 10],
      [0.002, 60],
      [0.005, 110],
      [Infinity, 111],
    ];
    // 101 new observations: 50 in (1, 2] ms, 50 in (2, 5] ms, 1 beyond the last bound; the median is the 50.5th.
    expect(quantile(before, after, 0.5)).toBeCloseTo(0.002 + (0.5 / 50) * 0.003, 9);
    expect(quantile(before, after, 0.99)).toBeCloseTo(0.002 + ((99.99 - 50) / 50) * 0.003, 9);
    expect(quantile(before, after, 0.2)).toBeCloseTo(0.001 + (20.2 / 50) * 0.001, 9);
    expect(quantile(before, after, 1)).toBe(0.005);
    expect(quantile(after, after, 0.5)).toBeNull();
  });

  it('answers bad socket input with an error naming the field, and stores nothing', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sock = await connect(c.sykmeldt);
    const ack = await sock.request<{ ok: boolean; error: { error: string; details: { field: string }[] } }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId: 'x',
      tekst: '',
      extra: 1,
    });
    expect(ack.ok).toBe(false);
    expect(ack.error.error).toBe('invalid');
    expect(ack.error.details.map((d) => d.field).sort()).toEqual(['clientTxnId', 'extra', 'tekst']);
    const notMine = await sock.request<{ ok: boolean; error: { error: string } }>('case.subscribe', { caseId: randomUUID() });
    expect(notMine).toEqual({ ok: false, error: { error: 'not_found', message: 'Not found' } });
    expect(await hub.query('SELECT id FROM messages WHERE thread_id = $1', [t])).toEqual([]);
  });

  it('gives a client that missed 500 events exactly those, in order, then live ones', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const first = await connect(c.sykmeldt);
    const { lastSeq } = await first.subscribe(c.id);
    first.close();
    // Sent 20 at a time, as busy clients would: the group commit decides their order, the log records it.
    const url = `/cases/${c.id}/threads/${t}/messages`;
    for (let i = 0; i < 500; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          hub
            .as(c.veileder)
            .post(url)
            .send({ clientTxnId: randomUUID(), tekst: `missed ${i + k}` })
            .expect(201),
        ),
      );
    }
    const back = await connect(c.sykmeldt);
    const resumed = await back.subscribe(c.id, lastSeq);
    expect(resumed.ok).toBe(true);
    await send(hub, c, t, c.veileder, { tekst: 'live after resume' });
    const events = await back.untilEvents(c.id, 501);
    const stored = await hub.query<{ tekst: string }>('SELECT tekst FROM messages WHERE thread_id = $1 ORDER BY seq', [t]);
    expect(events.map((e) => e.message?.tekst)).toEqual(stored.map((m) => m.tekst));
    expect(new Set(stored.map((m) => m.tekst)).size).toBe(501);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 501 }, (_, i) => lastSeq + 1 + i));
  }, 90_000);

  it("keeps each sender's order within a case while batches for other cases commit side by side", async () => {
    const cases = await Promise.all([0, 1, 2, 3].map(() => caseWithFourParties(hub)));
    const threads = await Promise.all(cases.map((c) => thread(hub, c, ['sykmeldt', 'veileder'])));
    const senders = await Promise.all(cases.flatMap((c) => [connect(c.sykmeldt), connect(c.veileder)]));
    await Promise.all(senders.map((s, i) => s.subscribe(cases[i >> 1].id)));
    // Every socket fires its sends without waiting for acks: they meet in the writer as one queue over four cases.
    const acks = await Promise.all(
      senders.flatMap((s, i) =>
        Array.from({ length: 40 }, (_, n) =>
          s.request<{ ok: boolean; message: { seq: number } }>('message.send', {
            caseId: cases[i >> 1].id,
            threadId: threads[i >> 1],
            clientTxnId: randomUUID(),
            tekst: `${i}:${n}`,
          }),
        ),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    for (const [k, c] of cases.entries()) {
      const rows = await hub.query<{ tekst: string; seq: string }>('SELECT tekst, seq FROM messages WHERE thread_id = $1 ORDER BY seq', [
        threads[k],
      ]);
      expect(rows).toHaveLength(80);
      for (const who of [2 * k, 2 * k + 1]) {
        const mine = rows.filter((r) => r.tekst.startsWith(`${who}:`)).map((r) => Number(r.tekst.split(':')[1]));
        expect(mine).toEqual(Array.from({ length: 40 }, (_, n) => n));
      }
      const [{ last_seq }] = await hub.query<{ last_seq: string }>('SELECT last_seq FROM cases WHERE id = $1', [c.id]);
      const seqs = (await hub.query<{ seq: string }>('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [c.id])).map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual(Array.from({ length: Number(last_seq) }, (_, i) => i + 1));
    }
  });

  it('delivers a batch whose fan-out read failed (a cut database connection) once the read succeeds, in order', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sock = await connect(c.sykmeldt);
    const { lastSeq } = await sock.subscribe(c.id);
    const fanout = hub.app.get<CaseFanout, { messagesFor: () => Promise<unknown> }>(CaseFanout);
    const failOnce = jest.spyOn(fanout, 'messagesFor').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    try {
      await send(hub, c, t, c.veileder, { tekst: 'første' });
      await send(hub, c, t, c.veileder, { tekst: 'andre' });
      const got = await sock.untilEvents(c.id, lastSeq + 2, 'both messages after the retry');
      expect(failOnce).toHaveBeenCalled();
      // Every event once, in order: the catch-up, then both messages.
      expect(got.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq + 2 }, (_, i) => i + 1));
      expect(got.slice(lastSeq).map((e) => e.message?.tekst)).toEqual(['første', 'andre']);
    } finally {
      failOnce.mockRestore();
    }
  });

  it('answers a subscribe while the case cannot be read with an error to retry, and serves it once it can', async () => {
    const c = await caseWithFourParties(hub);
    const access = hub.app.get(CaseAccessService);
    const failOnce = jest.spyOn(access, 'load').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    try {
      const sock = await connect(c.sykmeldt);
      expect(await sock.subscribe(c.id)).toMatchObject({ ok: false, error: { error: 'unavailable' } });
      expect(failOnce).toHaveBeenCalledTimes(1);
      // Not a denial: nothing audited as one.
      expect(await hub.query(`SELECT 1 FROM audit_log WHERE case_id = $1 AND decision = 'deny'`, [c.id])).toEqual([]);
      let ack = await sock.subscribe(c.id);
      for (let i = 0; i < 20 && !ack.ok; i++) {
        await new Promise((r) => setTimeout(r, 100));
        ack = await sock.subscribe(c.id);
      }
      expect(ack).toMatchObject({ ok: true });
    } finally {
      failOnce.mockRestore();
    }
  });

  it('tells a client whose gap is too large to refetch instead of silently dropping events', async () => {
    const c = await caseWithFourParties(hub);
    const sock = await connect(c.veileder);
    await hub.query('UPDATE cases SET last_seq = last_seq + 5000 WHERE id = $1', [c.id]);
    const ack = await sock.subscribe(c.id, 0);
    expect(ack).toMatchObject({ ok: false, refetch: true });
    expect(ack.lastSeq).toBeGreaterThan(5000);
  });

  it('stops delivery to a replaced nærmeste leder at once, on the open socket', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const leder = await connect(c.arbeidsgiver);
    const syk = await connect(c.sykmeldt);
    await leder.subscribe(c.id);
    await syk.subscribe(c.id);
    await send(hub, c, group, c.sykmeldt, { tekst: 'før' });
    await leder.until(() => leder.of(c.id).some((e) => e.message?.tekst === 'før'), 'the first message');
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: shortId('ny'), orgnr: c.orgnr, replace: true })
      .expect(201);
    expect(await leder.untilSignal('case.access_ended')).toEqual({ caseId: c.id });
    await send(hub, c, group, c.sykmeldt, { tekst: 'etter' });
    await syk.until(() => syk.of(c.id).some((e) => e.message?.tekst === 'etter'), 'the second message at the sykmeldt');
    // The sykmeldt got it, so fan-out ran; the old leder got nothing more.
    expect(leder.of(c.id).some((e) => e.message?.tekst === 'etter')).toBe(false);
  });

  it('refuses a socket send from a seat lost a moment ago, before this node has heard of it', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const leder = await connect(c.arbeidsgiver);
    const nav = await connect(c.veileder);
    await leder.subscribe(c.id);
    await nav.subscribe(c.id);
    const sendAs = (sock: TestSocket, tekst: string) =>
      sock.request<{ ok: boolean; error?: { error: string } }>('message.send', {
        caseId: c.id,
        threadId: group,
        clientTxnId: randomUUID(),
        tekst,
      });
    expect(await sendAs(leder, 'mens jeg er leder')).toMatchObject({ ok: true });
    // Changed behind the hub's back (as a change committed on another node whose event is still on its way): the
    // sockets' cached access still holds the seats, and only the write's own check stands in the way.
    await hub.query(`UPDATE case_relations SET ended_at = now() WHERE case_id = $1 AND role = 'arbeidsgiver'`, [c.id]);
    await hub.query(`UPDATE thread_participants SET removed_at = now() WHERE thread_id = $1 AND seat = 'veileder'`, [group]);
    expect(await sendAs(leder, 'etter at jeg sluttet')).toEqual({ ok: false, error: expect.objectContaining({ error: 'not_found' }) });
    expect(await sendAs(nav, 'etter at jeg ble tatt ut')).toEqual({ ok: false, error: expect.objectContaining({ error: 'not_found' }) });
    const stored = await hub.query<{ tekst: string }>('SELECT tekst FROM messages WHERE thread_id = $1', [group]);
    expect(stored.map((m) => m.tekst)).toEqual(['mens jeg er leder']);
    const [{ last_seq }] = await hub.query<{ last_seq: string }>('SELECT last_seq FROM cases WHERE id = $1', [c.id]);
    const [{ n }] = await hub.query<{ n: string }>('SELECT count(*) AS n FROM case_events WHERE case_id = $1', [c.id]);
    expect(Number(n)).toBe(Number(last_seq));
    const denials = await hub.query<{ actor_id: string }>(
      `SELECT actor_id FROM audit_log WHERE case_id = $1 AND decision = 'deny' AND subject_type = 'Thread'`,
      [c.id],
    );
    expect(denials.map((d) => d.actor_id).sort()).toEqual([c.arbeidsgiver.sub, c.veileder.sub].sort());
  });

  it("lets a veileder of the case's NAV-enhet write without a relation of their own, on both paths", async () => {
    const owner = { role: 'veileder' as const, sub: shortId('Z99'), enhet: '0314' };
    const colleague = { role: 'veileder' as const, sub: shortId('Z98'), enhet: '0314' };
    const elsewhere = { role: 'veileder' as const, sub: shortId('Z97'), enhet: '0315' };
    const opened = await hub
      .as(owner)
      .post('/cases')
      .send({ sykmeldtFnr: '01010750160', sykmeldtId: shortId('syk'), startDate: '2026-08-03', enhet: '0314' })
      .expect(201);
    const caseId = opened.body.case.id as string;
    const t = (
      await hub
        .as(owner)
        .post(`/cases/${caseId}/threads`)
        .send({ subject: 'Notat', participants: ['sykmeldt', 'veileder'] })
        .expect(201)
    ).body.id as string;
    await hub
      .as(colleague)
      .post(`/cases/${caseId}/threads/${t}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'over REST' })
      .expect(201);
    const sock = await connect(colleague);
    await sock.subscribe(caseId);
    expect(await sock.request('message.send', { caseId, threadId: t, clientTxnId: randomUUID(), tekst: 'over socket' })).toMatchObject({
      ok: true,
      created: true,
    });
    await hub
      .as(elsewhere)
      .post(`/cases/${caseId}/threads/${t}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'fra feil enhet' })
      .expect(404);
    const stored = await hub.query<{ tekst: string; sender_id: string }>(
      'SELECT tekst, sender_id FROM messages WHERE thread_id = $1 ORDER BY seq',
      [t],
    );
    expect(stored).toEqual([
      { tekst: 'over REST', sender_id: colleague.sub },
      { tekst: 'over socket', sender_id: colleague.sub },
    ]);
  });

  it('stops delivery of a thread to a seat taken out of it, on the open socket', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const leder = await connect(c.arbeidsgiver);
    const syk = await connect(c.sykmeldt);
    await leder.subscribe(c.id);
    await syk.subscribe(c.id);
    await hub.as(c.veileder).delete(`/cases/${c.id}/threads/${group}/participants/${s.arbeidsgiver}`).expect(200);
    await send(hub, c, group, c.sykmeldt, { tekst: 'bare oss to nå' });
    await syk.until(() => syk.of(c.id).some((e) => e.message?.tekst === 'bare oss to nå'), 'the message at the sykmeldt');
    const removal = await leder.until(() => leder.of(c.id).find((e) => e.type === 'thread.participant_removed'), 'the removal notice');
    expect(removal.data).toEqual({ seat: s.arbeidsgiver });
    expect(leder.of(c.id).some((e) => e.message?.tekst === 'bare oss to nå')).toBe(false);
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${group}/messages`).expect(404);
  });

  it("shows funksjonsevne on the leader's socket only while consent stands", async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const leder = await connect(c.arbeidsgiver);
    await leder.subscribe(c.id);
    await hub.as(c.sykmeldt).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
    await send(hub, c, group, c.sykmeldt, { tekst: 'med samtykke', funksjonsevne: 'Tåler ikke støv' });
    const withConsent = await leder.until(() => leder.of(c.id).find((e) => e.message?.tekst === 'med samtykke'), 'consented message');
    expect(withConsent.message!.funksjonsevne).toBe('Tåler ikke støv');
    await hub.as(c.sykmeldt).delete(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
    await send(hub, c, group, c.sykmeldt, { tekst: 'uten samtykke', funksjonsevne: 'Tåler ikke støv' });
    const without = await leder.until(() => leder.of(c.id).find((e) => e.message?.tekst === 'uten samtykke'), 'message after revoke');
    expect(without.message!.funksjonsevne).toBeUndefined();
  });

  it("shares read markers, typing and presence with the thread's participants only", async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['fastlege', 'veileder']);
    const lege = await connect(c.fastlege);
    const nav = await connect(c.veileder);
    const syk = await connect(c.sykmeldt);
    for (const sock of [lege, nav, syk]) await sock.subscribe(c.id);
    const sent = await send(hub, c, t, c.veileder, { tekst: 'Spørsmål' });
    expect(await lege.request('typing', { caseId: c.id, threadId: t })).toEqual({ ok: true });
    expect(await nav.untilSignal('typing')).toEqual({ caseId: c.id, threadId: t, seat: 'fastlege' });
    const read = await lege.request<{ ok: boolean; markers: unknown[] }>('receipt.read', {
      caseId: c.id,
      threadId: t,
      upToSeq: sent.body.seq,
    });
    expect(read.markers).toEqual([{ seat: 'fastlege', upToSeq: sent.body.seq, at: expect.any(String) }]);
    const receipt = await nav.until(() => nav.of(c.id).find((e) => e.type === 'receipt.read'), 'the read receipt');
    expect(receipt.data).toEqual({ seat: 'fastlege', upToSeq: sent.body.seq });
    const presence = await nav.request<{ ok: boolean; online: string[] }>('presence.get', { caseId: c.id });
    expect(presence.online).toEqual(['fastlege', 'sykmeldt', 'veileder']);
    // The sykmeldt is not in the thread: no typing, no receipt, no message.
    await send(hub, c, await thread(hub, c, ['sykmeldt', 'veileder']), c.veileder, { tekst: 'til sykmeldt' });
    await syk.until(() => syk.of(c.id).some((e) => e.message?.tekst === 'til sykmeldt'), 'own thread message');
    expect(syk.signals.some((x) => x.name === 'typing')).toBe(false);
    expect(syk.of(c.id).some((e) => e.type === 'receipt.read' || e.message?.tekst === 'Spørsmål')).toBe(false);
  });

  it('refuses a bad token at the handshake and ends a socket when its token expires', async () => {
    const c = await caseWithFourParties(hub);
    await expect(connect(null, 'garbage')).rejects.toThrow('unauthorized');
    const key = await loadOrCreateDevKey(hub.config.auth.devKeyFile);
    const shortLived = await new SignJWT({ role: 'sykmeldt' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setSubject(c.sykmeldt.sub)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const sock = await connect(null, shortLived);
    expect((await sock.subscribe(c.id)).ok).toBe(true);
    await sock.untilSignal('session.expired');
    await sock.until(() => !sock.socket.connected, 'the server to close the socket');
  });

  it('rate-limits a socket that sends too fast with a clear error', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const sock = await connect(c.sykmeldt);
    const acks = await Promise.all(
      Array.from({ length: 60 }, () =>
        sock.request<{ ok: boolean; error?: { error: string; retryAfterMs?: number } }>('message.send', {
          caseId: c.id,
          threadId: t,
          clientTxnId: randomUUID(),
          tekst: 'fort',
        }),
      ),
    );
    // Refusals past the limit (a loaded machine may also answer some `busy`, which is no rate limit).
    const limited = acks.filter((a) => a.error?.error === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    // The retry hint is when the socket's bucket holds a send again: about 1/20 s at the default rate.
    expect(limited[0].error).toEqual({ error: 'rate_limited', message: 'Too many requests: slow down', retryAfterMs: expect.any(Number) });
    expect(limited[0].error!.retryAfterMs).toBeGreaterThan(0);
    expect(limited[0].error!.retryAfterMs).toBeLessThanOrEqual(50);
    const stored = await hub.query('SELECT id FROM messages WHERE thread_id = $1', [t]);
    expect(stored).toHaveLength(acks.filter((a) => a.ok).length);
  });
});
