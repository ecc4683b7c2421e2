import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator's CEF export reads a time window: audit rows, message writes and derived deliveries (parts, by
 * `delivery_parts_at` from 1733643000000) whose time is in it, in id order. Each source is read by an index on (time,
 * id), so a page takes the window's ids from the index (audit rows, parts) or the window's pages (messages) and fetches only its own rows. Before, the export
 * walked `audit_log` by id from its cursor (from the first id on, for its first page), and had no writes or deliveries.
 * Messages are found by a BRIN index on `sent_at` (they are appended in time order): a B-tree there would cost every
 * message write one more index entry (~80 B of WAL, measured) for a query the operator runs now and then, while an
 * insert into a BRIN range not yet summarised writes nothing to the index; the export reads the window's pages.
 */
export class ExportByTime1733643100000 implements MigrationInterface {
  name = 'ExportByTime1733643100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at, id)`);
    await q.query(`CREATE INDEX messages_written ON messages USING brin (sent_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX messages_written`);
    await q.query(`DROP INDEX audit_log_at`);
  }
}
