import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { databaseUrl } from '../support/postgres';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

const DEADLINE_MS = 400;

interface SendAck {
  [k: string]: unknown;
  ok: boolean;
  created?: boolean;
  message?: { id: string };
  error?: { error: string; message: string; retryAfterMs?: number };
}

/** Issues 14 and 20: past its capacity, or with its database stalled, the hub answers `busy` at once instead of queueing. */
describe('sends while the database is stalled', () => {
  let hub: TestHub & { databaseName: string };
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub({ env: { MESSAGE_WRITE_DEADLINE_MS: String(DEADLINE_MS) } });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(() => hub.stop());

  it('answers busy within the deadline, stores none of those sends, waits out the batch in flight, and takes sends again after', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const veileder = await connectAs(hub, c.veileder);
    open.push(veileder);
    expect((await veileder.subscribe(c.id)).ok).toBe(true);
    const sendOverSocket = async (clientTxnId: string) => {
      const startedAt = Date.now();
      const ack = await veileder.request<SendAck>('message.send', { caseId: c.id, threadId: group, clientTxnId, tekst: 'hei' });
      return { ack, ms: Date.now() - startedAt };
    };
    const sendOverRest = async (clientTxnId: string) => {
      const startedAt = Date.now();
      const res = await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${group}/messages`).send({ clientTxnId, tekst: 'hei' });
      return { res, ms: Date.now() - startedAt };
    };

    // Another connection holds the messages table against writes (reads go on): every write of a message blocks.
    const stall = new Client({ connectionString: databaseUrl(process.env.HUB_TEST_SERVER!, hub.databaseName) });
    await stall.connect();
    try {
      await stall.query('BEGIN');
      await stall.query('LOCK TABLE messages IN EXCLUSIVE MODE');
      const stalledAt = Date.now();

      // The first send's batch goes to the database and hangs there: it is in flight, so it is not refused.
      const inFlightTxn = randomUUID();
      const inFlight = sendOverSocket(inFlightTxn);
      await new Promise((r) => setTimeout(r, 100));
      // The case's next sends wait behind it in the queue, and are answered busy at the deadline.
      const busyTxns = Array.from({ length: 8 }, () => randomUUID());
      const restTxns = Array.from({ length: 3 }, () => randomUUID());
      const [socketAnswers, restAnswers] = await Promise.all([
        Promise.all(busyTxns.map(sendOverSocket)),
        Promise.all(restTxns.map(sendOverRest)),
      ]);
      for (const { ack, ms } of socketAnswers) {
        expect(ack).toEqual({ ok: false, error: { error: 'busy', message: expect.any(String), retryAfterMs: DEADLINE_MS } });
        expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
        expect(ms).toBeLessThan(DEADLINE_MS + 1000);
      }
      for (const { res, ms } of restAnswers) {
        expect([res.status, res.headers['retry-after'], res.body]).toEqual([
          503,
          '1',
          { error: 'busy', message: expect.any(String), retryAfterMs: DEADLINE_MS },
        ]);
        expect(ms).toBeLessThan(DEADLINE_MS + 1000);
      }
      // Still stalled: the send in flight has had no answer.
      const pending = await Promise.race([inFlight.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 100))]);
      expect(pending).toBe('waiting');
      expect(Date.now() - stalledAt).toBeGreaterThan(DEADLINE_MS);

      await stall.query('COMMIT');
      // The batch in flight commits once the table is free, and is acked then.
      const first = await inFlight;
      expect(first.ack).toMatchObject({ ok: true, created: true });

      // Nothing answered busy was stored, then or later; the same clientTxnIds are new sends now and succeed.
      const after = await sendOverSocket(randomUUID());
      expect(after.ack).toMatchObject({ ok: true, created: true });
      expect(after.ms).toBeLessThan(DEADLINE_MS);
      const refused: string[] = [...busyTxns, ...restTxns];
      const stored = await hub.query<{ client_txn_id: string }>('SELECT client_txn_id FROM messages WHERE thread_id = $1', [group]);
      expect(stored.map((r) => r.client_txn_id).filter((t) => refused.includes(t))).toEqual([]);
      expect(stored).toHaveLength(2);
      const again = await sendOverSocket(busyTxns[0]);
      expect(again.ack).toMatchObject({ ok: true, created: true });
      const rest = await sendOverRest(restTxns[0]);
      expect(rest.res.status).toBe(201);
      const metrics = await hub.http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(/hub_message_busy_total\{reason="deadline"\} 11/);
    } finally {
      await stall.query('ROLLBACK').catch(() => undefined);
      await stall.end();
    }
  });
});
