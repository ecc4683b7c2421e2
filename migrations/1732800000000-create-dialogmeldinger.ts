import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dialogmeldinger between NAV and the fastlege (issue 6). Each one is carried by a thread message and maps to one
 * MsgHead: MsgId, RefToConversation, RefToParent. Outgoing ones keep their status from the AppRec and outbox stamps
 * in the style of navikt/isbehandlerdialog (`*_published_at`): a nullable time per downstream step.
 */
export class CreateDialogmeldinger1732800000000 implements MigrationInterface {
  name = 'CreateDialogmeldinger1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dialogmeldinger (
        id                  uuid PRIMARY KEY,
        case_id             uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        thread_id           uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        message_id          uuid NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
        -- UT: NAV to the fastlege; INN: the fastlege to NAV.
        direction           text NOT NULL CHECK (direction IN ('UT', 'INN')),
        kind                text NOT NULL CHECK (kind IN ('FORESPORSEL', 'PAMINNELSE', 'NOTAT', 'SVAR', 'HENVENDELSE', 'MOTESVAR')),
        kodeverk            text NOT NULL,
        kode                text NOT NULL,
        msg_id              text NOT NULL,
        conversation_ref    text NOT NULL,
        parent_ref          text,
        parent_id           uuid REFERENCES dialogmeldinger (id) ON DELETE SET NULL,
        -- As sent or received (medical content): the XML export is built from this, not from the editable message.
        tekst               text NOT NULL,
        sender_id           text NOT NULL,
        lege_her_id         text,
        lege_hpr_nr         text,
        status              text NOT NULL CHECK (status IN ('BESTILT', 'SENDT', 'OK', 'AVVIST', 'MOTTATT')),
        channel             text NOT NULL CHECK (channel IN ('rest', 'gateway')),
        created_at          timestamptz NOT NULL,
        sent_at             timestamptz,
        published_at        timestamptz,
        status_at           timestamptz NOT NULL,
        apprec_error_code   text,
        apprec_error_text   text,
        besvart_at          timestamptz,
        ubesvart_at         timestamptz,
        paminnelse_sent_at  timestamptz,
        -- The AppRec the hub answered an inbound document with; a repeat of its MsgId gets exactly this again.
        apprec_xml          text,
        CHECK ((direction = 'UT') = (status <> 'MOTTATT'))
      )`);
    // One stored dialogmelding per MsgId and direction: the same document twice is stored once.
    await q.query(`CREATE UNIQUE INDEX dialogmeldinger_msg_id ON dialogmeldinger (direction, msg_id)`);
    await q.query(`CREATE INDEX dialogmeldinger_thread ON dialogmeldinger (thread_id, created_at)`);
    await q.query(`CREATE INDEX dialogmeldinger_conversation ON dialogmeldinger (conversation_ref)`);
    // The gateway's outbox and the ubesvart job read only these small slices.
    await q.query(`CREATE INDEX dialogmeldinger_outbox ON dialogmeldinger (created_at) WHERE direction = 'UT' AND published_at IS NULL`);
    await q.query(`
      CREATE INDEX dialogmeldinger_ubesvart ON dialogmeldinger (sent_at)
       WHERE kind = 'FORESPORSEL' AND besvart_at IS NULL AND ubesvart_at IS NULL AND status IN ('SENDT', 'OK')`);
    // Inbound filing by patient and sender.
    await q.query(`CREATE INDEX case_relations_fastlege_her ON case_relations (her_id) WHERE role = 'fastlege' AND ended_at IS NULL`);
    await q.query(`CREATE INDEX case_relations_fastlege_hpr ON case_relations (hpr_nr) WHERE role = 'fastlege' AND ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS case_relations_fastlege_hpr`);
    await q.query(`DROP INDEX IF EXISTS case_relations_fastlege_her`);
    await q.query(`DROP TABLE IF EXISTS dialogmeldinger`);
  }
}
