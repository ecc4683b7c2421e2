import type { Seat, Thread } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

export const toThread = (r: Row): Thread => ({
  id: String(r.id),
  caseId: String(r.case_id),
  subject: String(r.subject),
  participants: (r.participants as Seat[] | null) ?? [],
  createdBy: String(r.created_by),
  createdAt: date(r.created_at),
});

export class ThreadRepository {
  constructor(private readonly db: Queryable) {}

  async insert(t: Thread): Promise<void> {
    await this.db.query(`INSERT INTO threads (id, case_id, subject, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      t.id,
      t.caseId,
      t.subject,
      t.createdBy,
      t.createdAt,
    ]);
    await this.db.query(`INSERT INTO thread_participants (thread_id, seat, added_at) SELECT $1, unnest($2::text[]), $3`, [
      t.id,
      t.participants,
      t.createdAt,
    ]);
  }

  async addParticipant(threadId: string, seat: Seat, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO thread_participants (thread_id, seat, added_at) VALUES ($1, $2, $3)
       ON CONFLICT (thread_id, seat) DO UPDATE SET added_at = EXCLUDED.added_at, removed_at = NULL WHERE thread_participants.removed_at IS NOT NULL`,
      [threadId, seat, at],
    );
  }

  async removeParticipant(threadId: string, seat: Seat, at: Date): Promise<void> {
    await this.db.query(`UPDATE thread_participants SET removed_at = $3 WHERE thread_id = $1 AND seat = $2 AND removed_at IS NULL`, [
      threadId,
      seat,
      at,
    ]);
  }
}
