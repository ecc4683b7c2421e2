import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-thread read markers: who has read up to which message, shown to the other participants. */
export class AddReadMarkers1732750000000 implements MigrationInterface {
  name = 'AddReadMarkers1732750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE thread_read_markers (
        thread_id   uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        reader_id   text NOT NULL,
        seat        text NOT NULL,
        up_to_seq   bigint NOT NULL,
        at          timestamptz NOT NULL,
        PRIMARY KEY (thread_id, reader_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE thread_read_markers`);
  }
}
