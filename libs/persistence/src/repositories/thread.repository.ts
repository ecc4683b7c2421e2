import { Seat, Thread } from '@hub/domain';
import { date, Queryable, Row } from '../db';

export const toThread = (r: Row): Thread => ({
  id: String(r.id),
  caseId: String(r.case_id),
  subject: String(r.subject),
  participants: (r.participants as Seat[] | null) ?? [],
  createdBy: String(r.created_by),
  createdAt: date(r.created_at),
});

const THREAD_SELECT = `
  SELECT t.id, t.case_id, t.subject, t.created_by, t.created_at,
         coalesce(array_agg(p.seat ORDER BY p.seat) FILTER (WHERE p.seat IS NOT NULL), '{}') AS participants
    FROM threads t LEFT JOIN thread_participants p ON p.thread_id = t.id AND p.removed_at IS NULL`;

export class ThreadRepository {
  constructor(private readonly db: Queryable) {}

  async insert(t: Thread): Promise<void> {
    await this.db.query(`INSERT INTO threads (id, case_id, subject, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [t.id, t.caseId, t.subject, t.createdBy, t.createdAt]);
    await this.db.query(`INSERT INTO thread_participants (thread_id, seat, added_at) SELECT $1, unnest($2::text[]), $3`, [t.id, t.participants, t.createdAt]);
  }

  async inCase(caseId: string): Promise<Thread[]> {
    const rows = await this.db.query<Row>(`${THREAD_SELECT} WHERE t.case_id = $1 GROUP BY t.id ORDER BY t.created_at, t.id`, [caseId]);
    return rows.map(toThread);
  }

  async findInCase(caseId: string, threadId: string): Promise<Thread | undefined> {
    const rows = await this.db.query<Row>(`${THREAD_SELECT} WHERE t.case_id = $1 AND t.id = $2 GROUP BY t.id`, [caseId, threadId]);
    return rows[0] ? toThread(rows[0]) : undefined;
  }

  async addParticipant(threadId: string, seat: Seat, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO thread_participants (thread_id, seat, added_at) VALUES ($1, $2, $3)
       ON CONFLICT (thread_id, seat) DO UPDATE SET added_at = EXCLUDED.added_at, removed_at = NULL WHERE thread_participants.removed_at IS NOT NULL`,
      [threadId, seat, at],
    );
  }

  async removeParticipant(threadId: string, seat: Seat, at: Date): Promise<void> {
    await this.db.query(`UPDATE thread_participants SET removed_at = $3 WHERE thread_id = $1 AND seat = $2 AND removed_at IS NULL`, [threadId, seat, at]);
  }
}
