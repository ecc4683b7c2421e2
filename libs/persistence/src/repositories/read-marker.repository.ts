import type { Seat } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

export interface ReadMarker {
  threadId: string;
  readerId: string;
  seat: Seat;
  upToSeq: number;
  at: Date;
}

export class ReadMarkerRepository {
  constructor(private readonly db: Queryable) {}

  /** Moves the marker forward only; returns it when it moved, undefined when it was already there or further. */
  async advance(m: ReadMarker): Promise<ReadMarker | undefined> {
    const rows = await this.db.query<Row>(
      `INSERT INTO thread_read_markers (thread_id, reader_id, seat, up_to_seq, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (thread_id, reader_id) DO UPDATE SET up_to_seq = EXCLUDED.up_to_seq, seat = EXCLUDED.seat, at = EXCLUDED.at
         WHERE thread_read_markers.up_to_seq < EXCLUDED.up_to_seq
       RETURNING *`,
      [m.threadId, m.readerId, m.seat, m.upToSeq, m.at],
    );
    return rows[0] ? { ...m, at: date(rows[0].at) } : undefined;
  }

  async inThread(threadId: string): Promise<ReadMarker[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM thread_read_markers WHERE thread_id = $1 ORDER BY at`, [threadId]);
    return rows.map((r) => ({
      threadId: String(r.thread_id),
      readerId: String(r.reader_id),
      seat: r.seat as Seat,
      upToSeq: Number(r.up_to_seq),
      at: date(r.at),
    }));
  }
}
