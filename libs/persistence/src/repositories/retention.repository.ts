import { FNR_EXACT } from '@hub/domain';
import type { Queryable, Row } from '../db';

export interface RetentionCandidate {
  caseId: string;
  /** First sick day, YYYY-MM-DD. */
  startDate: string;
  /** Last sick day, YYYY-MM-DD, when the veileder has set it. */
  sluttdato?: string;
}

export interface CaseSluttdato {
  caseId: string;
  sluttdato: string;
  setBy: string;
  setAt: Date;
}

/** A fødselsnummer-shaped value (11 digits) left in an audit row is replaced by this when the case is deleted. */
export const REMOVED_PERSONAL_ID = 'fjernet';

/** A case's sluttdato, and the deletion of whole cases once their retention period has run out. */
export class RetentionRepository {
  constructor(private readonly db: Queryable) {}

  async sluttdato(caseId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ sluttdato: string }>(
      `SELECT to_char(sluttdato, 'YYYY-MM-DD') AS sluttdato FROM case_sluttdato WHERE case_id = $1`,
      [caseId],
    );
    return rows[0]?.sluttdato;
  }

  async setSluttdato(s: CaseSluttdato): Promise<void> {
    await this.db.query(
      `INSERT INTO case_sluttdato (case_id, sluttdato, set_by, set_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO UPDATE SET sluttdato = EXCLUDED.sluttdato, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [s.caseId, s.sluttdato, s.setBy, s.setAt],
    );
  }

  /**
   * Cases whose sykepengeår ended (the day after the sluttdato, else first sick day + `yearDays`) at least
   * `retentionDays` before `now`'s UTC day. A prefilter in SQL so the job does not read every case; the caller
   * confirms each with the domain rule before deleting.
   */
  async candidates(now: Date, yearDays: number, retentionDays: number, limit: number): Promise<RetentionCandidate[]> {
    const rows = await this.db.query<Row>(
      `SELECT c.id, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.sluttdato, 'YYYY-MM-DD') AS sluttdato
         FROM cases c LEFT JOIN case_sluttdato s ON s.case_id = c.id
        WHERE coalesce(s.sluttdato + 1, c.start_date + $2::int) + $3::int <= ($1::timestamptz AT TIME ZONE 'UTC')::date
        ORDER BY c.start_date, c.id LIMIT $4`,
      [now, yearDays, retentionDays, limit],
    );
    return rows.map((r) => ({
      caseId: String(r.id),
      startDate: String(r.start_date),
      ...(r.sluttdato === null ? {} : { sluttdato: String(r.sluttdato) }),
    }));
  }

  /**
   * Locks the case row for the deleting transaction, so nothing is written to it meanwhile: FOR UPDATE, the deletion's
   * own lock, taken now, so that no foreign-key check (FOR KEY SHARE) of a row inserted meanwhile can hold up the
   * deletion, as it could the writers' FOR NO KEY UPDATE (CaseRepository.lockMany).
   */
  async lockForDeletion(caseId: string): Promise<RetentionCandidate | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT c.id, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.sluttdato, 'YYYY-MM-DD') AS sluttdato
         FROM cases c LEFT JOIN case_sluttdato s ON s.case_id = c.id WHERE c.id = $1 FOR UPDATE OF c`,
      [caseId],
    );
    const r = rows[0];
    return r
      ? { caseId: String(r.id), startDate: String(r.start_date), ...(r.sluttdato === null ? {} : { sluttdato: String(r.sluttdato) }) }
      : undefined;
  }

  /**
   * The display names of the case's parties who take part in no other case: a name is kept no longer than the content
   * it was shown with (DOMAIN.md, retention). Run before the case row goes, while its relations still say who they were.
   */
  async forgetNamesOnlyIn(caseId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM persons p USING case_relations r
        WHERE r.case_id = $1 AND p.role = r.role AND p.sub = r.party_id
          AND NOT EXISTS (SELECT 1 FROM case_relations o WHERE o.role = p.role AND o.party_id = p.sub AND o.case_id <> $1)`,
      [caseId],
    );
  }

  /**
   * Deletes the case's content. Messages (with their search vectors), and events, have no foreign key to what they
   * belong to (its check would cost the write path a row lock each): they go first, by hand, and none is added
   * meanwhile, as the case is locked (lockForDeletion). Every other table of case content references the case row
   * with ON DELETE CASCADE (relations, consents, handovers, threads with participants, message versions, timeline,
   * tracks, sluttdato, and the follow-up tables that do the same), so the rest goes with it in one statement.
   */
  async deleteCase(caseId: string): Promise<boolean> {
    await this.db.query(
      `WITH m AS (DELETE FROM messages WHERE thread_id IN (SELECT id FROM threads WHERE case_id = $1) RETURNING id)
       DELETE FROM message_search WHERE message_id IN (SELECT id FROM m)`,
      [caseId],
    );
    await this.db.query(`DELETE FROM case_events WHERE case_id = $1`, [caseId]);
    const rows = await this.db.query<Row>(`DELETE FROM cases WHERE id = $1 RETURNING id`, [caseId]);
    return rows.length === 1;
  }

  /**
   * The audit log outlives the case (who read what, when) but keeps no personal content: any value shaped like a
   * fødselsnummer is replaced; ids, actions, decisions and times stay. Returns the rows changed.
   */
  async scrubAudit(caseId: string): Promise<number> {
    const rows = await this.db.query<Row>(
      `UPDATE audit_log
          SET actor_id = CASE WHEN actor_id ~ $3 THEN $2 ELSE actor_id END,
              subject_ids = ARRAY(SELECT CASE WHEN x ~ $3 THEN $2 ELSE x END FROM unnest(subject_ids) AS x)
        WHERE case_id = $1 AND (actor_id ~ $3 OR EXISTS (SELECT 1 FROM unnest(subject_ids) AS x WHERE x ~ $3))
        RETURNING id`,
      [caseId, REMOVED_PERSONAL_ID, FNR_EXACT],
    );
    return rows.length;
  }

  /** The audit row that records the deletion itself (actor: the retention job). */
  async auditDeletion(caseId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_log (at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel)
       VALUES ($1, 'retention', 'system', $2, 'delete', 'Case', $3, 'permit', 'job')`,
      [at, caseId, [caseId]],
    );
  }
}
