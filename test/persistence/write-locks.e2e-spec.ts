import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Actor, Message, Seat } from '@hub/domain';
import { Db, MessageRepository, type Queryable } from '@hub/persistence';
import { SearchIndexer } from '../../apps/hub/src/search/search-indexer';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { databaseUrl } from '../support/postgres';

const DEADLINE_MS = 500;

/**
 * The write's locks (issue 20): the case's sequence is taken by the update of its row, which locks it FOR NO KEY
 * UPDATE; messages and events keep no foreign keys; one search indexer runs at a time. What must hold all the same:
 * the case's writers one at a time, a gap-free sequence, and a search that finds every committed message.
 */
describe('the message write and its locks', () => {
  let hub: TestHub & { databaseName: string };
  const clients: Client[] = [];
  beforeAll(async () => {
    hub = await startHub({ env: { MESSAGE_WRITE_DEADLINE_MS: String(DEADLINE_MS) } });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  });
  afterAll(() => hub.stop());

  /** Another session on the hub's database (another node, a job), with a transaction open. */
  async function session(): Promise<Queryable> {
    const client = new Client({ connectionString: databaseUrl(process.env.HUB_TEST_SERVER!, hub.databaseName) });
    await client.connect();
    clients.push(client);
    await client.query('BEGIN');
    return { query: async <T>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as T[] };
  }

  const seqs = async (caseId: string) =>
    (await hub.query<{ seq: string }>(`SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId])).map((r) => Number(r.seq));
  const lastSeq = async (caseId: string) =>
    Number((await hub.query<{ n: string }>(`SELECT last_seq AS n FROM cases WHERE id = $1`, [caseId]))[0].n);

  it('stores a send while another transaction holds the key-share lock a foreign-key check takes on the case', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).veileder]);
    // What inserting a row that references the case holds until its commit (a varsel plan's varsler, an interval).
    const other = await session();
    await other.query(`SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE`, [c.id]);
    const started = Date.now();
    const res = await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${t}/messages`).send({ clientTxnId: randomUUID(), tekst: 'Hei' });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    await other.query('COMMIT');
  });

  it("still waits for another writer of the case (a relation change's lock), then numbers after it", async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).veileder]);
    await send(hub, c, t, c.sykmeldt, { tekst: 'Første' });
    const before = await lastSeq(c.id);
    // CaseRepository.lockMany, as a relation change or a filed dialogmelding takes it, then an event of its own.
    const other = await session();
    await other.query(`SELECT id FROM cases WHERE id = $1 ORDER BY id FOR NO KEY UPDATE`, [c.id]);
    let answered = false;
    const sent = hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/threads/${t}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'Andre' })
      .then((r) => {
        answered = true;
        return r;
      });
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    await other.query(`UPDATE cases SET last_seq = last_seq + 1 WHERE id = $1`, [c.id]);
    await other.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, payload) VALUES ($1, $2, 'relation.added', 'test', '{}'::jsonb)`,
      [c.id, before + 1],
    );
    await other.query('COMMIT');
    const res = await sent;
    expect(res.status).toBe(201);
    expect(res.body.seq).toBe(before + 2);
    expect(await seqs(c.id)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('numbers a batch without a gap when some of its messages are denied or repeated', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).fastlege, seats(c).veileder]);
    const earlier = (await send(hub, c, t, c.sykmeldt, { tekst: 'Tidligere' })).body as { id: string; clientTxnId: string; seq: number };
    const earlierTxn = (await hub.query<{ t: string }>(`SELECT client_txn_id AS t FROM messages WHERE id = $1`, [earlier.id]))[0].t;
    const base = await lastSeq(c.id);
    const msg = (by: Actor, seat: Seat, clientTxnId: string, tekst: string): Message => ({
      id: randomUUID(),
      caseId: c.id,
      threadId: t,
      seq: 0,
      senderId: by.sub,
      senderRole: by.role,
      senderSeat: seat,
      clientTxnId,
      tekst,
      attachments: [],
      version: 1,
      sentAt: new Date(),
    });
    const first = randomUUID();
    const outcomes = await new MessageRepository(hub.app.get(Db)).writeBatch(
      [
        msg(c.sykmeldt, 'sykmeldt', first, 'En'),
        // The arbeidsgiver is no participant of the thread.
        msg(c.arbeidsgiver, seats(c).arbeidsgiver, randomUUID(), 'Nekt'),
        msg(c.sykmeldt, 'sykmeldt', first, 'En igjen'),
        msg(c.sykmeldt, 'sykmeldt', earlierTxn, 'Tidligere igjen'),
        msg(c.fastlege, 'fastlege', randomUUID(), 'To'),
      ].map((message) => ({ message, channel: 'rest' })),
    );
    expect(outcomes.map((o) => [o.outcome, o.outcome === 'denied' ? null : o.seq])).toEqual([
      ['created', base + 1],
      ['denied', null],
      ['repeated', base + 1],
      ['repeated', earlier.seq],
      ['created', base + 2],
    ]);
    expect(await lastSeq(c.id)).toBe(base + 2);
    const next = (await send(hub, c, t, c.fastlege, { tekst: 'Tre' })).body as { seq: number };
    expect(next.seq).toBe(base + 3);
    expect(await seqs(c.id)).toEqual(Array.from({ length: base + 3 }, (_, i) => i + 1));
  });

  it("finds a message whose vectors another node's indexer is writing: the search's catch-up waits for that chunk", async () => {
    const indexer = hub.app.get(SearchIndexer);
    // No timer: the chunk in flight below is the only indexing until the search's own catch-up.
    await indexer.onApplicationShutdown();
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).veileder]);
    const id = ((await send(hub, c, t, c.sykmeldt, { tekst: 'Arbeidsavklaringspenger søkes' })).body as { id: string }).id;
    const other = await session();
    expect(await new MessageRepository(other).indexQueued()).toEqual({ claimed: expect.any(Number), messages: expect.any(Number) });
    expect(await hub.query(`SELECT 1 FROM search_queue WHERE $1 = ANY (message_ids)`, [id])).toHaveLength(1);
    const search = hub
      .as(c.veileder)
      .get(`/cases/${c.id}/search?q=${encodeURIComponent('arbeidsavklaringspenger')}`)
      .then((r) => r);
    await new Promise((r) => setTimeout(r, 300));
    await other.query('COMMIT');
    const res = await search;
    expect(res.status).toBe(200);
    expect((res.body as { message: { id: string } }[]).map((h) => h.message.id)).toEqual([id]);
  });
});
