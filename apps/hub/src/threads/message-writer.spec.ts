import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { type Actor, Busy, type Message } from '@hub/domain';
import { Db } from '@hub/persistence';
import type { AuditService } from '../audit/audit.service';
import type { HubConfig } from '../config/config';
import { CaseEventBus } from '../events/case-event-bus';
import { MetricsService } from '../metrics/metrics.service';
import { MessageWriter } from './message-writer';

/**
 * A PostgreSQL that holds every `hub_write_messages` call until released (a stalled database), answering each message
 * 'created' then; only the pg pool is faked, the writer and its Db are the real ones.
 */
class StalledPool {
  readonly written: string[] = [];
  private held: (() => void)[] = [];

  // Db passes a query config ({ name, text, values }): the write is a named prepared statement, one array per column.
  query(q: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }> {
    if (!q.text.includes('hub_write_messages')) return Promise.resolve({ rows: [] });
    const ids = q.values[0] as string[];
    return new Promise((resolve) =>
      this.held.push(() => {
        this.written.push(...ids);
        resolve({ rows: ids.map((id, i) => ({ ord: i + 1, id, seq: String(i + 1), outcome: 'created' })) });
      }),
    );
  }

  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    const held = this.held;
    this.held = [];
    held.forEach((r) => r());
  }
}

const actor: Actor = { role: 'veileder', sub: 'Z990001' };
const message = (caseId: string): Message => ({
  id: randomUUID(),
  caseId,
  threadId: randomUUID(),
  seq: 0,
  senderId: actor.sub,
  senderRole: 'veileder',
  senderSeat: 'veileder',
  clientTxnId: randomUUID(),
  tekst: 'hei',
  attachments: [],
  version: 1,
  sentAt: new Date(),
});
const settle = <T>(p: Promise<T>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
const turn = () => new Promise((r) => setImmediate(r));

function writerOn(pool: StalledPool, messages: HubConfig['messages']) {
  const metrics = new MetricsService();
  const config = { messages } as HubConfig;
  const writer = new MessageWriter(new Db(pool as unknown as Pool), new CaseEventBus(), {} as AuditService, metrics, config);
  return { writer, metrics };
}

describe('MessageWriter: a bounded queue, not an unbounded wait', () => {
  it('answers busy at once, with a retry hint, to a send that finds the queue full, and writes only what it accepted', async () => {
    const pool = new StalledPool();
    const { writer, metrics } = writerOn(pool, { writeDeadlineMs: 60_000, writeQueueMax: 3 });
    const caseId = randomUUID();
    // The first send's batch is in flight and stalled; the case's next sends wait behind it, in order.
    const first = settle(writer.write(message(caseId), actor));
    await turn();
    expect(pool.waiting).toBe(1);
    const queued = [1, 2, 3].map(() => message(caseId));
    const waiting = queued.map((m) => settle(writer.write(m, actor)));
    expect(writer.queued).toBe(3);

    const refused = message(caseId);
    const startedAt = performance.now();
    const over = await settle(writer.write(refused, actor));
    expect(performance.now() - startedAt).toBeLessThan(50);
    expect(over.ok).toBe(false);
    expect(over.ok === false && over.e).toBeInstanceOf(Busy);
    expect(over.ok === false && (over.e as Busy).retryAfterMs).toBe(60_000);
    expect(writer.queued).toBe(3);

    // The stall ends: everything accepted is written, the refused send never is.
    pool.release();
    expect((await first).ok).toBe(true);
    await turn();
    pool.release();
    expect((await Promise.all(waiting)).map((r) => r.ok)).toEqual([true, true, true]);
    expect(pool.written).not.toContain(refused.id);
    expect(pool.written).toHaveLength(4);
    expect(await metrics.registry.getSingleMetricAsString('hub_message_busy_total')).toContain('reason="queue_full"} 1');
  });

  it('takes a send still queued at its deadline out of the queue and answers busy, while a send in a stalled batch waits for it', async () => {
    const pool = new StalledPool();
    const { writer, metrics } = writerOn(pool, { writeDeadlineMs: 100, writeQueueMax: 1000 });
    const caseId = randomUUID();
    const inBatch = message(caseId);
    const first = settle(writer.write(inBatch, actor));
    await turn();
    const late = [1, 2].map(() => message(caseId));
    const startedAt = performance.now();
    const answers = await Promise.all(late.map((m) => settle(writer.write(m, actor))));
    const tookMs = performance.now() - startedAt;
    expect(answers.map((a) => a.ok === false && a.e instanceof Busy)).toEqual([true, true]);
    expect(tookMs).toBeGreaterThanOrEqual(95);
    expect(tookMs).toBeLessThan(1000);
    expect(writer.queued).toBe(0);

    // The batch in flight was not answered busy: it commits when the database moves again; the late ones never do.
    pool.release();
    expect(await first).toMatchObject({ ok: true, v: { created: true, message: { id: inBatch.id } } });
    await turn();
    expect(pool.waiting).toBe(0);
    expect(pool.written).toEqual([inBatch.id]);
    expect(await metrics.registry.getSingleMetricAsString('hub_message_busy_total')).toContain('reason="deadline"} 2');
  });

  it('counts the deadline from when the send reached the hub: one that spent it before the writer is busy at once, never queued', async () => {
    const pool = new StalledPool();
    const { writer } = writerOn(pool, { writeDeadlineMs: 100, writeQueueMax: 1000 });
    const late = await settle(writer.write(message(randomUUID()), actor, 'socket', performance.now() - 150));
    expect(late.ok === false && late.e).toBeInstanceOf(Busy);
    expect(writer.queued).toBe(0);
    await turn();
    expect(pool.waiting).toBe(0);
  });
});
