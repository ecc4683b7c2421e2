import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases, their parties (relations), threads, messages with versions, the per-case event log and the audit log. */
export class CreateCaseConversations1732700000000 implements MigrationInterface {
  name = 'CreateCaseConversations1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id            uuid PRIMARY KEY,
        sykmeldt_fnr  char(11) NOT NULL,
        sykmeldt_id   text NOT NULL,
        start_date    date NOT NULL,
        enhet         text,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        -- Last event sequence handed out; bumped in the writing transaction, so sequences have no gaps.
        last_seq      bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX cases_sykmeldt_id ON cases (sykmeldt_id)`);
    await q.query(`CREATE INDEX cases_sykmeldt_fnr ON cases (sykmeldt_fnr)`);
    await q.query(`CREATE INDEX cases_enhet ON cases (enhet) WHERE enhet IS NOT NULL`);

    await q.query(`
      CREATE TABLE case_relations (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        role        text NOT NULL CHECK (role IN ('sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder')),
        party_id    text NOT NULL,
        orgnr       char(9),
        her_id      text,
        hpr_nr      text,
        started_at  timestamptz NOT NULL DEFAULT now(),
        started_by  text NOT NULL,
        ended_at    timestamptz,
        ended_by    text,
        end_reason  text,
        CHECK ((role = 'arbeidsgiver') = (orgnr IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_relations_party ON case_relations (party_id, role) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX case_relations_case ON case_relations (case_id)`);
    // One active nærmeste leder per virksomhet, one active veileder, one active fastlege per case.
    await q.query(
      `CREATE UNIQUE INDEX case_relations_one_leder ON case_relations (case_id, orgnr) WHERE role = 'arbeidsgiver' AND ended_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX case_relations_one_veileder ON case_relations (case_id) WHERE role = 'veileder' AND ended_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX case_relations_one_fastlege ON case_relations (case_id) WHERE role = 'fastlege' AND ended_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX case_relations_one_sykmeldt ON case_relations (case_id) WHERE role = 'sykmeldt' AND ended_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE handovers (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        from_id     text NOT NULL,
        to_id       text NOT NULL,
        notat       text NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX handovers_case ON handovers (case_id, at)`);

    // The sykmeldt's consent that one virksomhet's nærmeste leder may see health information (funksjonsevne).
    await q.query(`
      CREATE TABLE consents (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        orgnr       char(9) NOT NULL,
        scope       text NOT NULL CHECK (scope IN ('funksjonsevne')),
        granted_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX consents_one_active ON consents (case_id, orgnr, scope) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE threads (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        subject     text NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX threads_case ON threads (case_id)`);
    // A participant is a seat: a role, and for an arbeidsgiver its virksomhet. Whoever holds the seat's
    // active relation takes part, so a handover or a new nærmeste leder carries the thread on.
    await q.query(`
      CREATE TABLE thread_participants (
        thread_id   uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        seat        text NOT NULL,
        added_at    timestamptz NOT NULL DEFAULT now(),
        removed_at  timestamptz,
        PRIMARY KEY (thread_id, seat)
      )`);

    await q.query(`
      CREATE TABLE messages (
        id                    uuid PRIMARY KEY,
        case_id               uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        thread_id             uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        seq                   bigint NOT NULL,
        sender_id             text NOT NULL,
        sender_role           text NOT NULL,
        sender_seat           text NOT NULL,
        client_txn_id         text NOT NULL,
        tekst                 text NOT NULL,
        funksjonsevne         text,
        diagnose              jsonb,
        medisinsk_vurdering   text,
        attachments           jsonb NOT NULL DEFAULT '[]',
        version               int NOT NULL DEFAULT 1,
        sent_at               timestamptz NOT NULL DEFAULT now(),
        edited_at             timestamptz,
        redacted_at           timestamptz,
        -- Search vectors per classification, so a query only ever touches the columns its audience may see.
        search_open           tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', tekst)) STORED,
        search_funksjonsevne  tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', coalesce(funksjonsevne, ''))) STORED,
        search_medical        tsvector GENERATED ALWAYS AS (
                                to_tsvector('norwegian', coalesce(medisinsk_vurdering, '') || ' ' || coalesce(jsonb_path_query_array(diagnose, '$[*].*')::text, ''))
                              ) STORED,
        UNIQUE (sender_id, client_txn_id)
      )`);
    await q.query(`CREATE INDEX messages_thread_seq ON messages (thread_id, seq)`);
    await q.query(`CREATE INDEX messages_case ON messages (case_id)`);
    await q.query(`CREATE INDEX messages_search_open ON messages USING gin (search_open)`);
    await q.query(`CREATE INDEX messages_search_funksjonsevne ON messages USING gin (search_funksjonsevne)`);
    await q.query(`CREATE INDEX messages_search_medical ON messages USING gin (search_medical)`);

    await q.query(`
      CREATE TABLE message_versions (
        message_id            uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        version               int NOT NULL,
        tekst                 text NOT NULL,
        funksjonsevne         text,
        diagnose              jsonb,
        medisinsk_vurdering   text,
        attachments           jsonb NOT NULL,
        created_at            timestamptz NOT NULL,
        PRIMARY KEY (message_id, version)
      )`);

    // The per-case event stream clients resume from. The payload names what changed; views render it per audience.
    await q.query(`
      CREATE TABLE case_events (
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        seq         bigint NOT NULL,
        type        text NOT NULL,
        thread_id   uuid,
        ref_id      uuid,
        actor_id    text NOT NULL,
        audience    text[],
        payload     jsonb NOT NULL DEFAULT '{}',
        at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, seq)
      )`);

    // Kept beyond retention (personal content removed), so no foreign key to cases.
    await q.query(`
      CREATE TABLE audit_log (
        id            bigserial PRIMARY KEY,
        at            timestamptz NOT NULL DEFAULT now(),
        actor_id      text NOT NULL,
        actor_role    text NOT NULL,
        case_id       uuid,
        action        text NOT NULL,
        subject_type  text NOT NULL,
        subject_ids   text[] NOT NULL DEFAULT '{}',
        decision      text NOT NULL CHECK (decision IN ('permit', 'deny')),
        channel       text NOT NULL DEFAULT 'rest'
      )`);
    await q.query(`CREATE INDEX audit_log_case ON audit_log (case_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_log',
      'case_events',
      'message_versions',
      'messages',
      'thread_participants',
      'threads',
      'consents',
      'handovers',
      'case_relations',
      'cases',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
