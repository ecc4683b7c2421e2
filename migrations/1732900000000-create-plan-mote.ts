import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Oppfølgingsplaner with immutable versions, dialogmøter with svar, status changes and referat, DM2 unntak and møtebehov. */
export class CreatePlanMote1732900000000 implements MigrationInterface {
  name = 'CreatePlanMote1732900000000';

  async up(q: QueryRunner): Promise<void> {
    // One plan per virksomhet in a case: the nærmeste leder of that orgnr drafts it with the sykmeldt.
    await q.query(`
      CREATE TABLE oppfolgingsplaner (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        orgnr       char(9) NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL,
        UNIQUE (case_id, orgnr)
      )`);

    await q.query(`
      CREATE TABLE oppfolgingsplan_versjoner (
        plan_id          uuid NOT NULL REFERENCES oppfolgingsplaner (id) ON DELETE CASCADE,
        versjon          int NOT NULL CHECK (versjon >= 1),
        arbeidsoppgaver  text NOT NULL,
        tilrettelegging  text NOT NULL,
        oppfolging       text NOT NULL,
        evalueringsdato  date NOT NULL,
        laget_av_role    text NOT NULL CHECK (laget_av_role IN ('sykmeldt', 'arbeidsgiver')),
        laget_av         text NOT NULL,
        laget_at         timestamptz NOT NULL,
        PRIMARY KEY (plan_id, versjon)
      )`);
    // Versions are frozen (issue 7): an edit adds a version, so no statement may change one in place.
    await q.query(`
      CREATE FUNCTION oppfolgingsplan_versjon_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'oppfolgingsplan_versjoner rows are immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER oppfolgingsplan_versjon_frozen BEFORE UPDATE ON oppfolgingsplan_versjoner
        FOR EACH ROW EXECUTE FUNCTION oppfolgingsplan_versjon_frozen()`);

    // Approvals are per version and per party; an edit leaves the new version with none.
    await q.query(`
      CREATE TABLE oppfolgingsplan_godkjenninger (
        plan_id  uuid NOT NULL,
        versjon  int NOT NULL,
        role     text NOT NULL CHECK (role IN ('sykmeldt', 'arbeidsgiver')),
        by_id    text NOT NULL,
        at       timestamptz NOT NULL,
        PRIMARY KEY (plan_id, versjon, role),
        FOREIGN KEY (plan_id, versjon) REFERENCES oppfolgingsplan_versjoner (plan_id, versjon) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE oppfolgingsplan_kommentarer (
        id       bigserial PRIMARY KEY,
        plan_id  uuid NOT NULL,
        versjon  int NOT NULL,
        role     text NOT NULL CHECK (role IN ('sykmeldt', 'arbeidsgiver')),
        by_id    text NOT NULL,
        tekst    text NOT NULL,
        at       timestamptz NOT NULL,
        FOREIGN KEY (plan_id, versjon) REFERENCES oppfolgingsplan_versjoner (plan_id, versjon) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX oppfolgingsplan_kommentarer_plan ON oppfolgingsplan_kommentarer (plan_id, id)`);

    // Each share is an explicit act by the arbeidsgiver, kept so the sykmeldt can see who received which version.
    await q.query(`
      CREATE TABLE oppfolgingsplan_delinger (
        plan_id   uuid NOT NULL,
        versjon   int NOT NULL,
        mottaker  text NOT NULL CHECK (mottaker IN ('fastlege', 'nav')),
        by_id     text NOT NULL,
        at        timestamptz NOT NULL,
        PRIMARY KEY (plan_id, versjon, mottaker),
        FOREIGN KEY (plan_id, versjon) REFERENCES oppfolgingsplan_versjoner (plan_id, versjon) ON DELETE CASCADE
      )`);

    // A møte is with one virksomhet (orgnr); deltakere are roles, as in the domain rules.
    await q.query(`
      CREATE TABLE dialogmoter (
        id              uuid PRIMARY KEY,
        case_id         uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind            text NOT NULL CHECK (kind IN ('DM1', 'DM2', 'DM3')),
        status          text NOT NULL CHECK (status IN ('INNKALT', 'NYTT_TID_STED', 'AVLYST', 'FERDIGSTILT', 'LUKKET')),
        orgnr           char(9) NOT NULL,
        innkalt_av      text NOT NULL CHECK (innkalt_av IN ('arbeidsgiver', 'veileder')),
        innkalt_av_id   text NOT NULL,
        deltakere       text[] NOT NULL,
        tid             timestamptz NOT NULL,
        sted            text NOT NULL,
        video_link      text,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dialogmoter_case ON dialogmoter (case_id, created_at)`);

    // The latest svar per invited role; a new time and place clears them (each answered the old time).
    await q.query(`
      CREATE TABLE dialogmote_svar (
        mote_id  uuid NOT NULL REFERENCES dialogmoter (id) ON DELETE CASCADE,
        role     text NOT NULL CHECK (role IN ('sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder')),
        type     text NOT NULL CHECK (type IN ('KOMMER', 'NYTT_TID_STED', 'KOMMER_IKKE')),
        onske    text,
        by_id    text NOT NULL,
        at       timestamptz NOT NULL,
        PRIMARY KEY (mote_id, role)
      )`);

    // Every status move with who made it (navikt/isdialogmote: mote_status_endret), written with the move itself.
    await q.query(`
      CREATE TABLE dialogmote_status_endringer (
        id          bigserial PRIMARY KEY,
        mote_id     uuid NOT NULL REFERENCES dialogmoter (id) ON DELETE CASCADE,
        from_status text NOT NULL,
        to_status   text NOT NULL,
        by_id       text NOT NULL,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dialogmote_status_endringer_mote ON dialogmote_status_endringer (mote_id, id)`);

    await q.query(`
      CREATE TABLE dialogmote_referater (
        mote_id               uuid PRIMARY KEY REFERENCES dialogmoter (id) ON DELETE CASCADE,
        situasjon             text NOT NULL,
        konklusjon            text NOT NULL,
        arbeidstaker_oppgave  text,
        arbeidsgiver_oppgave  text,
        veileder_oppgave      text,
        behandler_oppgave     text,
        skrevet_av            text NOT NULL,
        skrevet_at            timestamptz NOT NULL
      )`);

    // At most one DM2 unntak per case (libs/domain dm2-unntak: a second is a Conflict).
    await q.query(`
      CREATE TABLE dm2_unntak (
        case_id      uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        arsak        text NOT NULL,
        beskrivelse  text,
        by_id        text NOT NULL,
        at           timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE motebehov (
        id                       uuid PRIMARY KEY,
        case_id                  uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        skjema_type              text NOT NULL CHECK (skjema_type IN ('SVAR_BEHOV', 'MELD_BEHOV')),
        innmelder                text NOT NULL CHECK (innmelder IN ('sykmeldt', 'arbeidsgiver')),
        -- The virksomhet of an arbeidsgiver's møtebehov; null for the sykmeldt's.
        orgnr                    char(9),
        innmeldt_av              text NOT NULL,
        har_motebehov            boolean NOT NULL,
        begrunnelse              text,
        onsker_sykmelder_deltar  boolean NOT NULL,
        onsker_tolk              boolean NOT NULL,
        tolk_sprak               text,
        created_at               timestamptz NOT NULL,
        behandlet_by             text,
        behandlet_at             timestamptz,
        CHECK ((innmelder = 'arbeidsgiver') = (orgnr IS NOT NULL)),
        CHECK ((behandlet_by IS NULL) = (behandlet_at IS NULL))
      )`);
    await q.query(`CREATE INDEX motebehov_case ON motebehov (case_id, created_at)`);
    // One unhandled møtebehov of each kind per party: a double submit is refused, a new one is possible once handled.
    await q.query(`
      CREATE UNIQUE INDEX motebehov_one_open ON motebehov (case_id, innmelder, coalesce(orgnr, ''), skjema_type)
        WHERE behandlet_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'motebehov',
      'dm2_unntak',
      'dialogmote_referater',
      'dialogmote_status_endringer',
      'dialogmote_svar',
      'dialogmoter',
      'oppfolgingsplan_delinger',
      'oppfolgingsplan_kommentarer',
      'oppfolgingsplan_godkjenninger',
      'oppfolgingsplan_versjoner',
      'oppfolgingsplaner',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS oppfolgingsplan_versjon_frozen()`);
  }
}
