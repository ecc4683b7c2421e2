import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Real names instead of ids, and milestones met by the events that meet them (issue 16):
 * - `persons`: a person's display name as the last token they signed in with said (its `name` claim), per role and
 *   subject, since a relation names its party by role and subject. Written only when the name changed.
 * - `case_relations.virksomhetsnavn`: the employer's name, given when the nærmeste leder relation is registered.
 * - `timeline_marks` says what met a milestone: the event kind, the thing it was about (a plan, a møte) and the seats
 *   that event reached (only they learn what met it), or a veileder's mark by hand with its reason.
 */
export class AddNamesAndMilestoneCauses1733610000000 implements MigrationInterface {
  name = 'AddNamesAndMilestoneCauses1733610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE persons (
        role        text NOT NULL,
        sub         text NOT NULL,
        navn        text NOT NULL CHECK (length(navn) BETWEEN 1 AND 200),
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (role, sub)
      )`);
    await q.query(`ALTER TABLE case_relations ADD COLUMN virksomhetsnavn text`);
    await q.query(`ALTER TABLE timeline_marks ADD COLUMN met_by text NOT NULL DEFAULT 'MANUELL'`);
    await q.query(`ALTER TABLE timeline_marks ADD COLUMN ref_id uuid, ADD COLUMN reason text, ADD COLUMN cause_audience text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE timeline_marks DROP COLUMN IF EXISTS cause_audience, DROP COLUMN IF EXISTS reason, DROP COLUMN IF EXISTS ref_id, DROP COLUMN IF EXISTS met_by`,
    );
    await q.query(`ALTER TABLE case_relations DROP COLUMN IF EXISTS virksomhetsnavn`);
    await q.query(`DROP TABLE IF EXISTS persons`);
  }
}
