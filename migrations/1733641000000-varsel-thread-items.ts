import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Varsel items per thread (issue 20): a varsel tells of a thread's messages with one item, the thread itself (its
 * `thing` is the thread id), holding the first message it was told of; the next messages of that thread write
 * nothing. The count is derived when the window ends from the thread's messages after the person's read marker, and
 * `upto_seq` keeps where it ended (the case's last event then): a thread item counts up to there and no further, so
 * the next window counts what came after, and a read marker at its last counted message settles it.
 * Items stored before this (one per message) keep counting one each.
 */
export class VarselThreadItems1733641000000 implements MigrationInterface {
  name = 'VarselThreadItems1733641000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE varsler ADD COLUMN upto_seq bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to one item per message: each thread item's messages from its first, as the window counted them.
    await q.query(`
      INSERT INTO varsel_items (varsel_id, thing, kind, seat, thread_id, seq, at)
      SELECT i.varsel_id, m.id::text, 'melding', i.seat, i.thread_id, m.seq, m.sent_at
        FROM varsel_items i JOIN varsler v ON v.id = i.varsel_id
        JOIN messages m ON m.thread_id = i.thread_id AND m.seq >= i.seq AND (v.upto_seq IS NULL OR m.seq <= v.upto_seq)
                       AND m.sender_id <> v.person_id
       WHERE i.thing = i.thread_id::text
      ON CONFLICT (varsel_id, thing) DO NOTHING`);
    await q.query(`DELETE FROM varsel_items WHERE thing = thread_id::text`);
    await q.query(`ALTER TABLE varsler DROP COLUMN upto_seq`);
  }
}
