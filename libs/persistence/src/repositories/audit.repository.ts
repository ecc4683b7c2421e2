import type { Role } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

/** 9 parameters a row: 5,000 rows stay well under PostgreSQL's limit of 65,535 parameters a statement. */
const AUDIT_ROWS_PER_STATEMENT = 5000;

export type AuditDecision = 'permit' | 'deny';
export type AuditChannel = 'rest' | 'socket' | 'export' | 'dialogmelding' | 'job' | 'varsel';

export interface AuditEntry {
  at: Date;
  actorId: string;
  actorRole: Role | 'operator' | 'system';
  caseId: string | null;
  action: string;
  subjectType: string;
  subjectIds: string[];
  decision: AuditDecision;
  channel: AuditChannel;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
}

/** A socket's subscription to a case, from which innsyn derives the messages it delivered. */
export interface DeliveryInterval {
  id: string;
  caseId: string;
  actorId: string;
  actorRole: Role;
  seats: string[];
  /** The threads the subscription's audience could see while it lasted (its access is read again: a new interval). */
  threadIds: string[];
  /** Catch-up delivered the events in (caughtUpFrom, fromSeq] at startedAt; live delivery started after fromSeq. */
  caughtUpFrom: number;
  fromSeq: number;
  startedAt: Date;
  nodeId: string;
}

export interface IntervalEnd {
  id: string;
  /** The last sequence delivered. */
  toSeq: number;
  endedAt: Date;
}

const DERIVED_COLUMNS = `id, at, actor_id, actor_role, case_id, 'deliver' AS action, 'Message' AS subject_type, subject_ids, 'permit' AS decision, channel`;
/**
 * A message written by the group commit is its own audit entry (who, role, when, channel), placed by its audit_id.
 * A case's messages are found through its threads (messages_thread_seq): no index of messages by case is kept.
 */
const WRITES = `SELECT m.audit_id AS id, m.sent_at AS at, m.sender_id AS actor_id, m.sender_role AS actor_role, m.case_id, 'write' AS action,
                       'Message' AS subject_type, ARRAY[m.id::text] AS subject_ids, 'permit' AS decision, m.channel
                  FROM threads t JOIN messages m ON m.thread_id = t.id
                 WHERE t.case_id = $1 AND m.channel IS NOT NULL AND m.audit_id > $2`;

const toEntry = (r: Row): StoredAuditEntry => ({
  id: Number(r.id),
  at: date(r.at),
  actorId: String(r.actor_id),
  actorRole: r.actor_role as AuditEntry['actorRole'],
  caseId: r.case_id === null ? null : String(r.case_id),
  action: String(r.action),
  subjectType: String(r.subject_type),
  subjectIds: (r.subject_ids as string[]) ?? [],
  decision: r.decision as AuditDecision,
  channel: r.channel as AuditChannel,
});

export class AuditRepository {
  constructor(private readonly db: Queryable) {}

  /** Many rows in as few statements as PostgreSQL's 65,535-parameter limit allows. */
  async insertMany(entries: readonly AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += AUDIT_ROWS_PER_STATEMENT)
      await this.insertChunk(entries.slice(i, i + AUDIT_ROWS_PER_STATEMENT));
  }

  private async insertChunk(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const tuples = entries.map((e) => {
      const b = params.length;
      params.push(e.at, e.actorId, e.actorRole, e.caseId, e.action, e.subjectType, e.subjectIds, e.decision, e.channel);
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    await this.db.query(
      `INSERT INTO audit_log (at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel) VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  /** The case's audit rows, its messages' writes and the socket deliveries derived from its delivery intervals, in one id order. */
  async forCase(caseId: string, afterId: number, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.db.query<Row>(
      `(SELECT id, at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel
          FROM audit_log WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3)
       UNION ALL
       (SELECT ${DERIVED_COLUMNS} FROM hub_derived_deliveries($1, $2) ORDER BY id LIMIT $3)
       UNION ALL
       (${WRITES} ORDER BY m.audit_id LIMIT $3)
       ORDER BY id LIMIT $3`,
      [caseId, afterId, limit],
    );
    return rows.map(toEntry);
  }

  async openIntervals(intervals: readonly DeliveryInterval[]): Promise<void> {
    if (intervals.length === 0) return;
    const col = <T>(f: (i: DeliveryInterval) => T) => intervals.map(f);
    await this.db.query(
      `INSERT INTO delivery_intervals (id, case_id, actor_id, actor_role, seats, thread_ids, caught_up_from, from_seq, started_at, node_id)
       SELECT i.id, i.case_id, i.actor_id, i.actor_role, string_to_array(i.seats, ','), string_to_array(i.threads, ',')::uuid[],
              i.caught_up_from, i.from_seq, i.started_at, i.node_id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::uuid[])
              AS i(id, case_id, actor_id, actor_role, seats, threads, caught_up_from, from_seq, started_at, node_id)`,
      [
        col((i) => i.id),
        col((i) => i.caseId),
        col((i) => i.actorId),
        col((i) => i.actorRole),
        col((i) => i.seats.join(',')),
        col((i) => i.threadIds.join(',')),
        col((i) => i.caughtUpFrom),
        col((i) => i.fromSeq),
        col((i) => i.startedAt),
        col((i) => i.nodeId),
      ],
    );
  }

  async closeIntervals(ends: readonly IntervalEnd[]): Promise<void> {
    if (ends.length === 0) return;
    await this.db.query(
      `UPDATE delivery_intervals d SET to_seq = e.to_seq, ended_at = e.ended_at
         FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS e(id, to_seq, ended_at)
        WHERE d.id = e.id AND d.to_seq IS NULL`,
      [ends.map((e) => e.id), ends.map((e) => e.toSeq), ends.map((e) => e.endedAt)],
    );
  }

  /** This node is alive (or, with `stopped`, has stopped): its open intervals last until now. */
  async nodeSeen(nodeId: string, at: Date, stopped = false): Promise<void> {
    await this.db.query(
      `INSERT INTO hub_nodes (id, started_at, seen_at, stopped_at) VALUES ($1, $2, $2, $3)
       ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at, stopped_at = EXCLUDED.stopped_at`,
      [nodeId, at, stopped ? at : null],
    );
  }

  /**
   * Before a case is deleted (its messages and events, and its intervals by their foreign key): its derived deliveries
   * and writes become audit rows, so the log still says who wrote and received what after the content is gone.
   * Returns the rows written.
   */
  async materializeDerived(caseId: string): Promise<number> {
    const rows = await this.db.query<Row>(
      `INSERT INTO audit_log (id, at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel)
       SELECT ${DERIVED_COLUMNS} FROM hub_derived_deliveries($1, $2)
       UNION ALL ${WRITES}
       RETURNING id`,
      [caseId, 0],
    );
    return rows.length;
  }

  async range(from: Date, to: Date, afterId: number, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM audit_log WHERE at >= $1 AND at < $2 AND id > $3 ORDER BY id LIMIT $4`, [
      from,
      to,
      afterId,
      limit,
    ]);
    return rows.map(toEntry);
  }
}
