import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dialogmøter reach the fastlege as dialogmeldinger (issue 21):
 * - a dialogmelding may belong to a møte (innkalling, endring, avlysning, referat out; møtesvar in), and INNKALLING
 *   (code list 8125) is a new kind;
 * - a møte keeps its limit on requests for a new time, the count per party (svar rows are cleared by a new time, so
 *   they cannot count), and when the fastlege's silence was reported to the convener;
 * - names for the MsgHead: the sykmeldt's (given by the veileder) and the fastlege's legekontor.
 */
export class MoteDialogmeldinger1733500000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dialogmeldinger DROP CONSTRAINT IF EXISTS dialogmeldinger_kind_check`);
    await q.query(`
      ALTER TABLE dialogmeldinger ADD CONSTRAINT dialogmeldinger_kind_check
        CHECK (kind IN ('FORESPORSEL', 'PAMINNELSE', 'NOTAT', 'SVAR', 'HENVENDELSE', 'MOTESVAR', 'INNKALLING'))`);
    await q.query(`ALTER TABLE dialogmeldinger ADD COLUMN mote_id uuid REFERENCES dialogmoter (id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX dialogmeldinger_mote ON dialogmeldinger (mote_id, created_at) WHERE mote_id IS NOT NULL`);

    await q.query(`ALTER TABLE dialogmoter ADD COLUMN maks_nytt_tid_onsker integer CHECK (maks_nytt_tid_onsker BETWEEN 0 AND 10)`);
    await q.query(`ALTER TABLE dialogmoter ADD COLUMN nytt_tid_onsker jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE dialogmoter ADD COLUMN fastlege_ubesvart_at timestamptz`);
    // The svar-frist job reads only open møter with the fastlege invited and not yet reported.
    await q.query(`
      CREATE INDEX dialogmoter_fastlege_ubesvart ON dialogmoter (tid)
       WHERE status IN ('INNKALT', 'NYTT_TID_STED') AND fastlege_ubesvart_at IS NULL AND 'fastlege' = ANY (deltakere)`);

    await q.query(`ALTER TABLE cases ADD COLUMN sykmeldt_fornavn text, ADD COLUMN sykmeldt_etternavn text`);
    await q.query(`ALTER TABLE case_relations ADD COLUMN legekontor_navn text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_relations DROP COLUMN IF EXISTS legekontor_navn`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS sykmeldt_etternavn, DROP COLUMN IF EXISTS sykmeldt_fornavn`);
    await q.query(`DROP INDEX IF EXISTS dialogmoter_fastlege_ubesvart`);
    await q.query(
      `ALTER TABLE dialogmoter DROP COLUMN IF EXISTS fastlege_ubesvart_at, DROP COLUMN IF EXISTS nytt_tid_onsker, DROP COLUMN IF EXISTS maks_nytt_tid_onsker`,
    );
    await q.query(`DROP INDEX IF EXISTS dialogmeldinger_mote`);
    await q.query(`ALTER TABLE dialogmeldinger DROP COLUMN IF EXISTS mote_id`);
    await q.query(`ALTER TABLE dialogmeldinger DROP CONSTRAINT IF EXISTS dialogmeldinger_kind_check`);
    await q.query(`
      ALTER TABLE dialogmeldinger ADD CONSTRAINT dialogmeldinger_kind_check
        CHECK (kind IN ('FORESPORSEL', 'PAMINNELSE', 'NOTAT', 'SVAR', 'HENVENDELSE', 'MOTESVAR'))`);
  }
}
