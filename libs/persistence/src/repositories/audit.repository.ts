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
/** A message written by the group commit is its own audit entry (who, role, when, channel), placed by its audit_id. */
const WRITE_COLUMNS = `SELECT m.audit_id AS id, m.sent_at AS at, m.sender_id AS actor_id, m.sender_role AS actor_role, m.case_id, 'write' AS action,
                              'Message' AS subject_type, ARRAY[m.id::text] AS subject_ids, 'permit' AS decision, m.channel`;
/** A case's messages are found through its threads (messages_thread_seq): no index of messages by case is kept. */
const WRITES = `${WRITE_COLUMNS} FROM threads t JOIN messages m ON m.thread_id = t.id
                 WHERE t.case_id = $1 AND m.channel IS NOT NULL AND m.audit_id > $2`;
/** Open intervals cut in one statement (their rows are locked while it runs). */
const CUT_CHUNK = 500;

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

  /**
   * The case's audit rows, its messages' writes and the socket deliveries derived from its delivery intervals, in one
   * id order: the first `limit` entries after `afterId`, so the last one's id is the next page's cursor. The derived
   * deliveries are built for this page only: at most `limit` of them, and none past the `limit`-th of the other two
   * (which already fill the page up to there).
   */
  async forCase(caseId: string, afterId: number, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.db.query<Row>(
      `WITH stored AS (
         (SELECT id, at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel
            FROM audit_log WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3)
         UNION ALL
         (${WRITES} ORDER BY m.audit_id LIMIT $3)
       )
       SELECT * FROM stored
       UNION ALL
       SELECT ${DERIVED_COLUMNS} FROM hub_derived_deliveries($1, $2, $3, (SELECT id FROM stored ORDER BY id OFFSET $3 - 1 LIMIT 1))
       ORDER BY id LIMIT $3`,
      [caseId, afterId, limit],
    );
    return rows.map(toEntry);
  }

  /** The intervals, and the part of each catch-up that delivered a message (its innsyn entry, at the subscribe). */
  async openIntervals(intervals: readonly DeliveryInterval[]): Promise<void> {
    if (intervals.length === 0) return;
    const col = <T>(f: (i: DeliveryInterval) => T) => intervals.map(f);
    await this.db.query(
      `WITH i AS (
         INSERT INTO delivery_intervals (id, case_id, actor_id, actor_role, seats, thread_ids, caught_up_from, from_seq, started_at, node_id)
         SELECT i.id, i.case_id, i.actor_id, i.actor_role, string_to_array(i.seats, ','), string_to_array(i.threads, ',')::uuid[],
                i.caught_up_from, i.from_seq, i.started_at, i.node_id
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::uuid[])
                AS i(id, case_id, actor_id, actor_role, seats, threads, caught_up_from, from_seq, started_at, node_id)
         RETURNING id, case_id, thread_ids, caught_up_from, from_seq, started_at
       )
       INSERT INTO delivery_parts (case_id, interval_id, after_seq, to_seq, at)
       SELECT i.case_id, i.id, i.caught_up_from, i.from_seq, i.started_at FROM i
        WHERE i.caught_up_from < i.from_seq
          AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = i.case_id AND e.seq > i.caught_up_from AND e.seq <= i.from_seq
                         AND e.type = 'message.created' AND e.thread_id = ANY (i.thread_ids))
        ORDER BY i.started_at`,
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

  /** The intervals end; what each delivered since its last cut becomes a part (an innsyn entry) if it was a message. */
  async closeIntervals(ends: readonly IntervalEnd[]): Promise<void> {
    if (ends.length === 0) return;
    await this.db.query(`SELECT hub_cut_intervals($1::uuid[], $2::bigint[], $3::timestamptz[])`, [
      ends.map((e) => e.id),
      ends.map((e) => e.toSeq),
      ends.map((e) => e.endedAt),
    ]);
  }

  /**
   * Before the case's deliveries are read: what its open intervals delivered since their last cut becomes parts, with
   * ids from now on, so a reader that already paged past older ids still finds them. Returns the parts written.
   */
  async cutOpenIntervals(caseId: string): Promise<number> {
    const [row] = await this.db.query<Row>(
      `SELECT hub_cut_intervals(ARRAY(SELECT id FROM delivery_intervals WHERE case_id = $1 AND to_seq IS NULL)) AS parts`,
      [caseId],
    );
    return Number(row.parts);
  }

  /** The same for every case's open intervals (the operator's export), CUT_CHUNK at a time. Returns the parts written. */
  async cutAllOpenIntervals(): Promise<number> {
    // A chunk of ids at a time, from where the last left off: the hub holds one chunk, not every open subscription.
    let parts = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const [row] = await this.db.query<Row>(
        `WITH chunk AS (SELECT id FROM delivery_intervals WHERE to_seq IS NULL AND id > $1 ORDER BY id LIMIT $2)
         SELECT hub_cut_intervals(ARRAY(SELECT id FROM chunk ORDER BY id)) AS parts, (SELECT max(id::text) FROM chunk) AS last, (SELECT count(*) FROM chunk) AS n`,
        [after, CUT_CHUNK],
      );
      parts += Number(row.parts);
      if (Number(row.n) < CUT_CHUNK) return parts;
      after = String(row.last);
    }
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
    await this.cutOpenIntervals(caseId);
    const rows = await this.db.query<Row>(
      `INSERT INTO audit_log (id, at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel)
       SELECT ${DERIVED_COLUMNS} FROM hub_derived_deliveries($1, $2)
       UNION ALL ${WRITES}
       RETURNING id`,
      [caseId, 0],
    );
    return rows.length;
  }

  /**
   * Every entry whose time is in [from, to): audit rows, message writes and derived deliveries (parts), the first
   * `limit` after `afterId` in one id order, as innsyn shows them. Each source is read by its time index (`audit_log_at`
   * and `delivery_parts_at` ids only; `messages_written` is a BRIN, so the window's message pages), and only the page's
   * rows are fetched and built. A case that
   * retention deleted has its writes and deliveries as audit rows under the same ids, and no messages or parts left.
   */
  async range(from: Date, to: Date, afterId: number, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.db.query<Row>(
      `WITH page AS MATERIALIZED (
         (SELECT id, 'audit' AS source, NULL::uuid AS ref FROM audit_log
           WHERE at >= $1 AND at < $2 AND id > $3 ORDER BY id LIMIT $4)
         UNION ALL
         (SELECT audit_id, 'write', id FROM messages
           WHERE channel IS NOT NULL AND sent_at >= $1 AND sent_at < $2 AND audit_id > $3 ORDER BY audit_id LIMIT $4)
         UNION ALL
         (SELECT entry, 'part', case_id FROM delivery_parts
           WHERE at >= $1 AND at < $2 AND entry > $3 ORDER BY entry LIMIT $4)
         ORDER BY id LIMIT $4
       )
       SELECT a.* FROM page JOIN audit_log a ON a.id = page.id WHERE page.source = 'audit'
       UNION ALL
       SELECT w.* FROM page CROSS JOIN LATERAL (${WRITE_COLUMNS} FROM messages m WHERE m.id = page.ref) w WHERE page.source = 'write'
       UNION ALL
       SELECT ${DERIVED_COLUMNS} FROM (SELECT d.* FROM page CROSS JOIN LATERAL hub_derived_deliveries(page.ref, page.id - 1, 1) d
                                        WHERE page.source = 'part') d
       ORDER BY id`,
      [from, to, afterId, limit],
    );
    return rows.map(toEntry);
  }
}
