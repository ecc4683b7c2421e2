import { randomUUID } from 'node:crypto';
import { AuditService } from '../../apps/hub/src/audit/audit.service';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

interface Entry {
  id: number;
  at: string;
  action: string;
  channel: string;
  actorId: string;
  actorRole: string;
  subjectIds: string[];
}

/**
 * Socket deliveries of new messages are recorded as the subscription's interval, not as rows per delivery (issue 20):
 * innsyn derives who received which message, and when, from the interval and the event log.
 */
describe('delivery intervals: innsyn derived from subscriptions', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    // The paging test subscribes and leaves hundreds of times from one socket: past the default signal budget.
    hub = await startHub({ env: { SOCKET_MESSAGES_PER_SECOND: '1000' } });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(() => hub.stop());

  const innsyn = async (caseId: string, sykmeldt: Parameters<TestHub['as']>[0], after = 0, limit = 200) =>
    (await hub.as(sykmeldt).get(`/cases/${caseId}/audit?after=${after}&limit=${limit}`).expect(200)).body as Entry[];
  const socketDeliveries = (entries: Entry[], actorId: string) =>
    entries.filter((e) => e.action === 'deliver' && e.channel === 'socket' && e.actorId === actorId);
  const flush = () => hub.app.get(AuditService).flush();

  it('writes no audit row per live delivery, yet innsyn names every message each socket received, with its time', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const side = await thread(hub, c, [s.sykmeldt, s.veileder]);
    const leder = await connectAs(hub, c.arbeidsgiver);
    open.push(leder);
    expect((await leder.subscribe(c.id)).ok).toBe(true);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await send(hub, c, group, c.veileder, { tekst: `Melding ${i}` })).body as { id: string }).id);
    // Not the leader's thread: never delivered to them, so never named.
    const hidden = ((await send(hub, c, side, c.veileder, { tekst: 'Bare oss to' })).body as { id: string }).id;
    await leder.until(() => leder.of(c.id).filter((e) => e.type === 'message.created').length === 5 || undefined, 'five messages');
    await flush();

    const rows = await hub.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND action = 'deliver' AND actor_id = $2`,
      [c.id, c.arbeidsgiver.sub],
    );
    expect(Number(rows[0].n)).toBe(0);
    const delivered = socketDeliveries(await innsyn(c.id, c.sykmeldt), c.arbeidsgiver.sub);
    expect(delivered.flatMap((e) => e.subjectIds)).toEqual(ids);
    expect(delivered.every((e) => e.actorRole === 'arbeidsgiver')).toBe(true);
    expect(delivered.flatMap((e) => e.subjectIds)).not.toContain(hidden);
    // When: the first delivery's time, not before the first message was sent.
    const sent = await hub.query<{ at: Date }>(`SELECT sent_at AS at FROM messages WHERE id = $1`, [ids[0]]);
    expect(new Date(delivered[0].at).getTime()).toBe(new Date(sent[0].at).getTime());
  });

  it('derives a resume: the caught-up messages at the subscribe, then live ones, and nothing after the socket left', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.fastlege, s.veileder]);
    const first = await connectAs(hub, c.fastlege);
    const sub = await first.subscribe(c.id);
    first.close();
    const missed: string[] = [];
    for (let i = 0; i < 3; i++)
      missed.push(((await send(hub, c, group, c.veileder, { tekst: `Mens du var borte ${i}` })).body as { id: string }).id);
    const again = await connectAs(hub, c.fastlege);
    open.push(again);
    expect((await again.subscribe(c.id, sub.lastSeq)).ok).toBe(true);
    await again.until(() => again.of(c.id).filter((e) => e.type === 'message.created').length === 3 || undefined, 'the missed messages');
    const live = ((await send(hub, c, group, c.veileder, { tekst: 'Nå' })).body as { id: string }).id;
    await again.until(() => again.of(c.id).filter((e) => e.type === 'message.created').length === 4 || undefined, 'the live message');
    again.close();
    open.splice(0);
    // Wait for the leave to be written, then send one more: the socket is gone and must not be said to have received it.
    const deadline = Date.now() + 5000;
    for (;;) {
      await flush();
      const [row] = await hub.query<{ n: string }>(
        `SELECT count(*) AS n FROM delivery_intervals WHERE case_id = $1 AND actor_id = $2 AND to_seq IS NULL`,
        [c.id, c.fastlege.sub],
      );
      if (Number(row.n) === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = ((await send(hub, c, group, c.veileder, { tekst: 'For sent' })).body as { id: string }).id;

    const delivered = socketDeliveries(await innsyn(c.id, c.sykmeldt), c.fastlege.sub);
    expect(delivered.map((e) => e.subjectIds)).toEqual([missed, [live]]);
    expect(delivered.flatMap((e) => e.subjectIds)).not.toContain(after);
    // Paging by id goes past derived entries as past rows.
    const all = await innsyn(c.id, c.sykmeldt);
    const page = await innsyn(c.id, c.sykmeldt, all[0].id, 1);
    expect(page).toEqual([all[1]]);
  });

  it('shows a reader who pages on from its cursor every live delivery made after it read, also to a socket subscribed before', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.fastlege, s.veileder]);
    const lege = await connectAs(hub, c.fastlege);
    open.push(lege);
    expect((await lege.subscribe(c.id)).ok).toBe(true);
    await flush();
    // Read after the subscribe: an audit row, so the sykmeldt's cursor goes past the moment the socket subscribed.
    await hub.as(c.veileder).get(`/cases/${c.id}/threads/${group}`).expect(200);
    const message = async (tekst: string) => {
      const id = ((await send(hub, c, group, c.veileder, { tekst })).body as { id: string }).id;
      await lege.until(() => lege.of(c.id).some((e) => e.message?.id === id), tekst);
      return id;
    };
    // The sykmeldt's page reads the log (as the web page does on each refresh), then goes on from its last id.
    const held: Entry[] = [];
    const readOn = async () => {
      const page = await innsyn(c.id, c.sykmeldt, held.length ? held[held.length - 1].id : 0);
      held.push(...page);
      return page;
    };
    await readOn();
    const first = await message('Etter at du leste');
    expect(socketDeliveries(await readOn(), c.fastlege.sub).flatMap((e) => e.subjectIds)).toEqual([first]);
    // The same subscription delivers again: a new entry past the cursor, and the one already read keeps what it said.
    const second = await message('Og en til');
    const third = await message('Og enda en');
    expect(socketDeliveries(await readOn(), c.fastlege.sub).flatMap((e) => e.subjectIds)).toEqual([second, third]);
    expect(socketDeliveries(held, c.fastlege.sub).flatMap((e) => e.subjectIds)).toEqual([first, second, third]);
    // Read from the start, the log holds the same entries with the same ids and contents.
    expect(await innsyn(c.id, c.sykmeldt)).toEqual(held);
  });

  it('pages innsyn through 300 subscriptions, most of which delivered nothing, without skipping or repeating an entry', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const side = await thread(hub, c, [s.sykmeldt, s.veileder]);
    // Ten sockets each (the most a person may hold) for the fastlege and the leader, subscribing and leaving together, 15
    // times.
    const sockets: TestSocket[] = [];
    for (const who of [c.fastlege, c.arbeidsgiver]) for (let k = 0; k < 10; k++) sockets.push(await connectAs(hub, who));
    open.push(...sockets);
    const held = sockets.map(() => 0);
    const message = async (threadId: string, tekst: string) =>
      ((await send(hub, c, threadId, c.veileder, { tekst })).body as { id: string }).id;
    // Each visible message is delivered once to every socket: by a catch-up when sent while they were away, else live.
    const visible: string[] = [];
    for (let round = 0; round < 15; round++) {
      // Sent while they are away: the subscribes catch up over it. Most of these are in the side thread they cannot
      // see, so the catch-ups cover events yet deliver nothing: twenty such parts for one write entry, so a page's
      // candidates run far past its entries.
      if (round % 6 === 3) visible.push(await message(group, `Mens dere var borte ${round}`));
      else await message(side, `Bare oss to ${round}`);
      for (const [k, socket] of sockets.entries()) {
        const sub = await socket.subscribe(c.id, held[k]);
        expect(sub.ok).toBe(true);
        held[k] = sub.lastSeq;
      }
      if (round % 7 === 5) {
        const live = await message(group, `Nå ${round}`);
        visible.push(live);
        for (const [k, socket] of sockets.entries())
          held[k] = (await socket.until(() => socket.of(c.id).find((e) => e.message?.id === live), 'the live message')).seq;
      }
      // The veileder reads the thread now and then: audit rows among the subscriptions' entries.
      if (round % 4 === 0) await hub.as(c.veileder).get(`/cases/${c.id}/threads/${group}`).expect(200);
      for (const socket of sockets) expect((await socket.request('case.unsubscribe', { caseId: c.id })).ok).toBe(true);
      await flush();
    }

    const all = await innsyn(c.id, c.sykmeldt, 0, 1000);
    expect(all.length).toBeLessThan(1000);
    const delivered = all.filter((e) => e.action === 'deliver' && e.channel === 'socket');
    expect(delivered.length).toBe(visible.length * sockets.length);
    expect(delivered.flatMap((e) => e.subjectIds).sort()).toEqual(visible.flatMap((id) => sockets.map(() => id)).sort());
    // Small pages, each continuing from the last id of the one before, as the web page does.
    const paged: Entry[] = [];
    for (let after = 0; ;) {
      const page = await innsyn(c.id, c.sykmeldt, after, 7);
      paged.push(...page);
      if (page.length < 7) break;
      after = page[page.length - 1].id;
    }
    expect(paged).toEqual(all);
  });

  it('ends an interval left open by a node that stopped at its last sign of life', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.veileder]);
    const m1 = ((await send(hub, c, group, c.veileder, { tekst: 'Før' })).body as { id: string }).id;
    const [{ seq }] = await hub.query<{ seq: string }>(`SELECT last_seq AS seq FROM cases WHERE id = $1`, [c.id]);
    // A subscription on a node that went silent 40 s ago, after m1's sequence; its socket's leave was never written.
    const node = randomUUID();
    await hub.query(
      `INSERT INTO hub_nodes (id, started_at, seen_at) VALUES ($1, now() - interval '1 hour', now() - interval '40 seconds')`,
      [node],
    );
    await hub.query(
      `INSERT INTO delivery_intervals (id, case_id, actor_id, actor_role, seats, thread_ids, caught_up_from, from_seq, started_at, node_id)
       VALUES (gen_random_uuid(), $1, $2, 'veileder', '{veileder}', ARRAY[$3::uuid], $4, $4, now() - interval '50 seconds', $5)`,
      [c.id, 'Z-crashed', group, Number(seq) - 1, node],
    );
    await hub.query(`UPDATE case_events SET at = now() - interval '45 seconds' WHERE case_id = $1 AND seq = $2`, [c.id, Number(seq)]);
    await send(hub, c, group, c.veileder, { tekst: 'Etter' });
    const delivered = socketDeliveries(await innsyn(c.id, c.sykmeldt), 'Z-crashed');
    expect(delivered.flatMap((e) => e.subjectIds)).toEqual([m1]);
  });
});
