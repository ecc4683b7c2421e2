import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { databaseUrl } from '../support/postgres';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

const DEADLINE_MS = 500;

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

  /** A case, its group thread, a subscribed veileder socket, and sends over that socket and over REST, timed. */
  async function arrange() {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const veileder = await connectAs(hub, c.veileder);
    open.push(veileder);
    expect((await veileder.subscribe(c.id)).ok).toBe(true);
    const overSocket = async (clientTxnId: string) => {
      const startedAt = Date.now();
      const ack = await veileder.request<SendAck>('message.send', { caseId: c.id, threadId: group, clientTxnId, tekst: 'hei' });
      return { ack, ms: Date.now() - startedAt };
    };
    const overRest = async (clientTxnId: string) => {
      const startedAt = Date.now();
      const res = await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${group}/messages`).send({ clientTxnId, tekst: 'hei' });
      return { res, ms: Date.now() - startedAt };
    };
    const stored = async () =>
      (await hub.query<{ client_txn_id: string }>('SELECT client_txn_id FROM messages WHERE thread_id = $1', [group])).map(
        (r) => r.client_txn_id,
      );
    return { overSocket, overRest, stored };
  }

  /** Another connection holds the messages table against writes (reads go on): every write of a message blocks. */
  async function stallWrites(): Promise<{ release: () => Promise<void> }> {
    const stall = new Client({ connectionString: databaseUrl(process.env.HUB_TEST_SERVER!, hub.databaseName) });
    await stall.connect();
    await stall.query('BEGIN');
    await stall.query('LOCK TABLE messages IN EXCLUSIVE MODE');
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await stall.query('COMMIT');
        await stall.end();
      },
    };
  }

  it('answers queued sends busy at the deadline, stores none of them, waits out the batch in flight, and takes sends again after', async () => {
    const { overSocket, overRest, stored } = await arrange();
    const stall = await stallWrites();
    try {
      // The first send's batch goes to the database and hangs there: it is in flight, so it is not refused.
      const inFlightTxn = randomUUID();
      let inFlightAnswered = false;
      const inFlight = overSocket(inFlightTxn).finally(() => (inFlightAnswered = true));
      await new Promise((r) => setTimeout(r, 50));
      // The case's next sends wait behind it in the queue, and are answered busy at the deadline.
      const busyTxns = Array.from({ length: 8 }, () => randomUUID());
      const restTxns = Array.from({ length: 3 }, () => randomUUID());
      const [socketAnswers, restAnswers] = await Promise.all([Promise.all(busyTxns.map(overSocket)), Promise.all(restTxns.map(overRest))]);
      expect(inFlightAnswered).toBe(false);
      await stall.release();
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
      // The batch in flight commits once the table is free, and is acked then.
      expect((await inFlight).ack).toMatchObject({ ok: true, created: true });

      // Nothing answered busy was stored, then or later; the same clientTxnIds are new sends now and succeed.
      const after = await overSocket(randomUUID());
      expect(after.ack).toMatchObject({ ok: true, created: true });
      const refused: string[] = [...busyTxns, ...restTxns];
      expect((await stored()).filter((t) => refused.includes(t))).toEqual([]);
      expect(await stored()).toHaveLength(2);
      expect((await overSocket(busyTxns[0])).ack).toMatchObject({ ok: true, created: true });
      expect((await overRest(restTxns[0])).res.status).toBe(201);
      const metrics = await hub.http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(/hub_message_busy_total\{reason="deadline"\} 11/);
    } finally {
      await stall.release();
    }
  });

  it('cancels a batch still stalled in the database after twice the deadline, answers its sends busy and stores none of them', async () => {
    const { overSocket, stored } = await arrange();
    const stall = await stallWrites();
    try {
      const txns = [randomUUID()];
      const answers = await Promise.all(txns.map(overSocket));
      for (const { ack, ms } of answers) {
        expect(ack).toEqual({ ok: false, error: { error: 'busy', message: expect.any(String), retryAfterMs: DEADLINE_MS } });
        expect(ms).toBeGreaterThanOrEqual(2 * DEADLINE_MS - 20);
        expect(ms).toBeLessThan(2 * DEADLINE_MS + 1000);
      }
      await stall.release();
      // Rolled back: not stored, then or after the table is free; the same clientTxnId is a new send now.
      expect(await stored()).toEqual([]);
      expect((await overSocket(txns[0])).ack).toMatchObject({ ok: true, created: true });
      expect(await stored()).toEqual(txns);
      const metrics = await hub.http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(/hub_message_busy_total\{reason="statement_timeout"\} 1/);
    } finally {
      await stall.release();
    }
  });
});
