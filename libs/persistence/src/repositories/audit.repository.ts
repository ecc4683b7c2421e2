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

  async forCase(caseId: string, afterId: number, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM audit_log WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [
      caseId,
      afterId,
      limit,
    ]);
    return rows.map(toEntry);
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
