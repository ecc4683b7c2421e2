import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timeline completion marks and sent reminders, parallelle løp (tracks with tasks), and a case's sluttdato for
 * retention. Every table hangs off `cases` with ON DELETE CASCADE, so the retention job deletes a case whole.
 */
export class CreateTimelineTracksRetention1732950000000 implements MigrationInterface {
  name = 'CreateTimelineTracksRetention1732950000000';

  async up(q: QueryRunner): Promise<void> {
    // A milestone a veileder has marked as met (libs/domain timeline `done`).
    await q.query(`
      CREATE TABLE timeline_marks (
        case_id        uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        milestone_key  text NOT NULL,
        done_at        timestamptz NOT NULL,
        done_by        text NOT NULL,
        PRIMARY KEY (case_id, milestone_key)
      )`);

    // One row per reminder key sent: the primary key is what makes each reminder go out once, across hub nodes too.
    await q.query(`
      CREATE TABLE timeline_reminders_sent (
        case_id       uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        reminder_key  text NOT NULL,
        sent_at       timestamptz NOT NULL,
        PRIMARY KEY (case_id, reminder_key)
      )`);

    // One track per kind and case: the tasks of one løp belong together.
    await q.query(`
      CREATE TABLE tracks (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind        text NOT NULL CHECK (kind IN ('RETUR_ARBEID', 'MEDISINSK_BEHANDLING', 'TILTAK', 'AAP_VURDERING')),
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL,
        CONSTRAINT tracks_one_per_kind UNIQUE (case_id, kind)
      )`);

    // The owner is a seat (arbeidsgiver:<orgnr> names the virksomhet), so a new nærmeste leder inherits the task.
    await q.query(`
      CREATE TABLE track_tasks (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        tittel      text NOT NULL,
        eier_seat   text NOT NULL,
        frist       timestamptz NOT NULL,
        status      text NOT NULL CHECK (status IN ('APEN', 'PAGAR', 'FERDIG', 'AVBRUTT')),
        thread_id   uuid REFERENCES threads (id) ON DELETE SET NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_by  text NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX track_tasks_track ON track_tasks (track_id, frist)`);
    await q.query(`CREATE INDEX track_tasks_case ON track_tasks (case_id)`);

    // The last sick day, when the veileder knows it; without it the sykepengeår ends at week 52 (libs/domain retention).
    await q.query(`
      CREATE TABLE case_sluttdato (
        case_id    uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        sluttdato  date NOT NULL,
        set_by     text NOT NULL,
        set_at     timestamptz NOT NULL
      )`);
    // The retention job and the reminder job select cases by their first sick day.
    await q.query(`CREATE INDEX cases_start_date ON cases (start_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_start_date`);
    for (const t of ['case_sluttdato', 'track_tasks', 'tracks', 'timeline_reminders_sent', 'timeline_marks']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
