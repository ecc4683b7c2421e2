import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Varsler (issue 17): content-free notices that something in a case awaits a person, by e-mail or a signed webhook.
 *
 * The event log is already the outbox of causes: every cause writes a case event in its own transaction. A statement
 * trigger with a transition table copies the key (case, seq) of each event that may need a varsel into
 * `varsel_causes`, in that same transaction, so no cause is lost and none is planned before it commits. On the message
 * path that is one trigger call per group-commit batch and one two-column row per message; recipients, windows and
 * texts are worked out later by the dispatcher, off the write path.
 *
 * Then, all claimed with FOR UPDATE SKIP LOCKED so hub nodes share the work without doing any of it twice:
 * - `varsler`: one per person and case while it collects (at most one collecting at a time), released when its window
 *   ends; `varsel_items` are the things it counts, each seen (read marker, an audited read) or not;
 * - `varsel_deliveries`: one per channel and action (send, or done for a channel that can withdraw), retried with
 *   backoff, dead after the configured tries; its id is the webhook's idempotency key.
 */
export class CreateVarsler1733200000000 implements MigrationInterface {
  name = 'CreateVarsler1733200000000';

  async up(q: QueryRunner): Promise<void> {
    // The foreign key lets retention's delete of a case take its queued causes along; its check finds the case row the
    // writer already holds locked.
    await q.query(`
      CREATE TABLE varsel_causes (
        case_id  uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        seq      bigint NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION hub_enqueue_varsel_causes() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO varsel_causes (case_id, seq)
        SELECT n.case_id, n.seq FROM new_events n
         WHERE n.type IN ('message.created', 'dialogmelding.created', 'dialogmote.innkalt', 'dialogmote.status_changed',
                          'motebehov.submitted', 'plan.version_created', 'plan.shared', 'track.task_created', 'timeline.reminder');
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER case_events_varsel_causes AFTER INSERT ON case_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION hub_enqueue_varsel_causes()`);

    // A person's own choice of channels and addresses (PUT /me/varsel-innstillinger).
    await q.query(`
      CREATE TABLE varsel_settings (
        person_id   text PRIMARY KEY,
        epost       text,
        telefon     text,
        kanaler     text[] NOT NULL DEFAULT '{}',
        updated_at  timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE varsler (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        person_id   text NOT NULL,
        role        text NOT NULL,
        status      text NOT NULL CHECK (status IN ('collecting', 'open', 'dropped', 'done')),
        created_at  timestamptz NOT NULL,
        due_at      timestamptz NOT NULL,
        -- Filled when the window ends: how many unseen things and of which kinds, nothing more.
        released_at timestamptz,
        count       int NOT NULL DEFAULT 0,
        kinds       text[] NOT NULL DEFAULT '{}',
        done_at     timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX varsler_one_collecting ON varsler (case_id, person_id) WHERE status = 'collecting'`);
    await q.query(`CREATE INDEX varsler_due ON varsler (due_at) WHERE status = 'collecting'`);
    await q.query(`CREATE INDEX varsler_open ON varsler (person_id) WHERE status IN ('collecting', 'open')`);

    await q.query(`
      CREATE TABLE varsel_items (
        varsel_id  uuid NOT NULL REFERENCES varsler (id) ON DELETE CASCADE,
        -- What is waiting: a message, plan, møte, task id, or a reminder's event.
        thing      text NOT NULL,
        kind       text NOT NULL,
        seat       text NOT NULL,
        thread_id  uuid,
        seq        bigint NOT NULL,
        at         timestamptz NOT NULL,
        PRIMARY KEY (varsel_id, thing)
      )`);

    await q.query(`
      CREATE TABLE varsel_deliveries (
        id               uuid PRIMARY KEY,
        varsel_id        uuid NOT NULL REFERENCES varsler (id) ON DELETE CASCADE,
        channel          text NOT NULL CHECK (channel IN ('epost', 'sms')),
        action           text NOT NULL CHECK (action IN ('send', 'done')),
        address          text NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'sent', 'dead', 'dropped')),
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        -- A claim by one node, by the database's clock: another node takes the row only after it lapses.
        claimed_until    timestamptz,
        last_error       text,
        created_at       timestamptz NOT NULL,
        sent_at          timestamptz,
        UNIQUE (varsel_id, channel, action)
      )`);
    await q.query(`CREATE INDEX varsel_deliveries_due ON varsel_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX varsel_deliveries_dead ON varsel_deliveries (created_at) WHERE status = 'dead'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_varsel_causes ON case_events`);
    await q.query(`DROP FUNCTION hub_enqueue_varsel_causes()`);
    for (const t of ['varsel_deliveries', 'varsel_items', 'varsler', 'varsel_settings', 'varsel_causes']) await q.query(`DROP TABLE ${t}`);
  }
}
