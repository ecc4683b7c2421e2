import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An inbound MsgId is unique per sender, not across the network, and a MsgId seen before is a repeat only when the
 * content is the same too (issue 14). `sender_her_id` is the sending organisation's HER-id of an inbound document
 * (NULL for the hub's own outgoing ones); `content_digest` the SHA-256 of its parsed content (libs/dialogmelding
 * contentDigest). Rows stored before this have no digest: a repeat of their MsgId keeps getting its stored AppRec.
 */
export class DialogmeldingSenderDigest1733201400000 implements MigrationInterface {
  name = 'DialogmeldingSenderDigest1733201400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dialogmeldinger ADD COLUMN sender_her_id text, ADD COLUMN content_digest text`);
    // Inbound rows kept the sender's first HER-id as lege_her_id; the best there is for rows filed before.
    await q.query(`UPDATE dialogmeldinger SET sender_her_id = coalesce(lege_her_id, '') WHERE direction = 'INN'`);
    await q.query(
      `ALTER TABLE dialogmeldinger ADD CONSTRAINT dialogmeldinger_inbound_sender CHECK ((direction = 'INN') = (sender_her_id IS NOT NULL))`,
    );
    // Outgoing: one row per MsgId (sender NULL, not distinct). Inbound: one per (sender, MsgId), under concurrency too.
    await q.query(
      `CREATE UNIQUE INDEX dialogmeldinger_sender_msg_id ON dialogmeldinger (direction, msg_id, sender_her_id) NULLS NOT DISTINCT`,
    );
    await q.query(`DROP INDEX dialogmeldinger_msg_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX dialogmeldinger_msg_id ON dialogmeldinger (direction, msg_id)`);
    await q.query(`DROP INDEX dialogmeldinger_sender_msg_id`);
    await q.query(`ALTER TABLE dialogmeldinger DROP CONSTRAINT dialogmeldinger_inbound_sender`);
    await q.query(`ALTER TABLE dialogmeldinger DROP COLUMN content_digest, DROP COLUMN sender_her_id`);
  }
}
