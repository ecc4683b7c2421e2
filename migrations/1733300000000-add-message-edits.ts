import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each edit of a message changed (field names, never content), so an audience that sees none of the changed
 * fields is not told of the edit: no event, no new version, no new editedAt. NULL until the first edit, so a sent
 * message writes nothing more than before.
 */
export class AddMessageEdits1733300000000 implements MigrationInterface {
  name = 'AddMessageEdits1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN edits jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN edits`);
  }
}
