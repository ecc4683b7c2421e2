import type { CaseEvent, CaseEventType, NewCaseEvent, Seat } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';
import { CaseRepository } from './case.repository';

const toEvent = (r: Row): CaseEvent => ({
  caseId: String(r.case_id),
  seq: Number(r.seq),
  type: r.type as CaseEventType,
  threadId: r.thread_id === null ? null : String(r.thread_id),
  refId: r.ref_id === null ? null : String(r.ref_id),
  actorId: String(r.actor_id),
  audience: (r.audience as Seat[] | null) ?? null,
  payload: r.payload as CaseEvent['payload'],
  at: date(r.at),
});

/** The per-case event log. Sequence numbers come from the case row inside the writing transaction, so they have no gaps. */
export class EventRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Reserves `count` sequence numbers for each case (row lock until commit) and returns the first of each.
   */
  async reserve(counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const ids = [...counts.keys()].sort();
    // An UPDATE ... FROM takes its row locks in join order; lock explicitly in id order first so that two nodes
    // committing batches over the same cases wait for each other instead of deadlocking.
    if (ids.length > 1) await new CaseRepository(this.db).lockMany(ids);
    const rows = await this.db.query<{ id: string; last_seq: string }>(
      `UPDATE cases c SET last_seq = c.last_seq + n.cnt
         FROM unnest($1::uuid[], $2::int[]) AS n(id, cnt)
        WHERE c.id = n.id RETURNING c.id, c.last_seq`,
      [ids, ids.map((id) => counts.get(id)!)],
    );
    return new Map(rows.map((r) => [r.id, Number(r.last_seq) - counts.get(r.id)! + 1]));
  }

  /** Numbers and stores events in the order given (per case), within the caller's transaction. */
  async append(events: readonly NewCaseEvent[]): Promise<CaseEvent[]> {
    if (events.length === 0) return [];
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.caseId, (counts.get(e.caseId) ?? 0) + 1);
    const next = await this.reserve(counts);
    const numbered = events.map((e) => {
      const seq = next.get(e.caseId)!;
      next.set(e.caseId, seq + 1);
      return { ...e, seq };
    });
    await this.insert(numbered);
    return numbered;
  }

  async insert(events: readonly CaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    const params: unknown[] = [];
    const tuples = events.map((e) => {
      const b = params.length;
      params.push(e.caseId, e.seq, e.type, e.threadId, e.refId, e.actorId, e.audience, JSON.stringify(e.payload), e.at);
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    await this.db.query(
      `INSERT INTO case_events (case_id, seq, type, thread_id, ref_id, actor_id, audience, payload, at) VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  async after(caseId: string, afterSeq: number, limit: number): Promise<CaseEvent[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
      caseId,
      afterSeq,
      limit,
    ]);
    return rows.map(toEvent);
  }
}
