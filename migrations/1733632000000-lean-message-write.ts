import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WriteMessagesChecksSeat1733100000000 } from './1733100000000-write-messages-checks-seat';

/** The third form of the write function (the next migration replaces it, and gives it back on the way down). */
export const LEAN_WRITE_FUNCTION = `
      CREATE FUNCTION hub_write_messages(
        ids uuid[], case_ids uuid[], thread_ids uuid[], sender_ids text[], sender_roles text[], sender_seats text[], sender_enhets text[],
        client_txn_ids text[], tekster text[], funksjonsevner text[], diagnoser jsonb[], medisinske text[], attachments jsonb[],
        sent_ats timestamptz[], channels text[])
        RETURNS TABLE (ord int, id uuid, seq bigint, outcome text)
      -- Every row is reached by key (see the second form): sequential scans are refused, look-ups cannot become joins.
      LANGUAGE plpgsql SET enable_seqscan = off AS $fn$
      #variable_conflict use_column
      DECLARE
        locked_ids uuid[];
        last_seqs bigint[];
      BEGIN
        -- Cases locked in id order (no deadlock between nodes' batches), their sequences read under the lock.
        SELECT array_agg(l.id ORDER BY l.id), array_agg(l.last_seq ORDER BY l.id) INTO locked_ids, last_seqs
          FROM (SELECT c.id, c.last_seq FROM cases c WHERE c.id = ANY (case_ids) ORDER BY c.id FOR UPDATE) l;

        RETURN QUERY
        WITH b AS (
          SELECT u.*, (min(u.ord) OVER (PARTITION BY u.sender_id, u.client_txn_id))::int AS first_ord
            FROM unnest(ids, case_ids, thread_ids, sender_ids, sender_roles, sender_seats, sender_enhets, client_txn_ids, tekster,
                        funksjonsevner, diagnoser, medisinske, attachments, sent_ats, channels) WITH ORDINALITY
                 AS u(id, case_id, thread_id, sender_id, sender_role, sender_seat, sender_enhet, client_txn_id, tekst, funksjonsevne,
                      diagnose, medisinsk_vurdering, attachments, sent_at, channel, ord)
        ),
        prior AS (
          SELECT b.ord, m.id, m.seq FROM b
           CROSS JOIN LATERAL (SELECT m.id, m.seq FROM messages m WHERE m.sender_id = b.sender_id AND m.client_txn_id = b.client_txn_id LIMIT 1) m
        ),
        numbered AS (
          SELECT b.*, l.last_seq + row_number() OVER (PARTITION BY b.case_id ORDER BY b.ord) AS seq
            FROM b JOIN unnest(locked_ids, last_seqs) AS l(case_id, last_seq) ON l.case_id = b.case_id
           WHERE b.ord = b.first_ord
             AND NOT EXISTS (SELECT 1 FROM prior p WHERE p.ord = b.ord)
             AND EXISTS (SELECT 1 FROM thread_participants p JOIN threads t ON t.id = p.thread_id
                          WHERE p.thread_id = b.thread_id AND p.seat = b.sender_seat AND p.removed_at IS NULL AND t.case_id = b.case_id OFFSET 0)
             AND EXISTS (SELECT 1 FROM case_relations r
                          WHERE r.case_id = b.case_id AND r.ended_at IS NULL AND r.role = b.sender_role AND r.party_id = b.sender_id
                            AND (CASE WHEN r.role = 'arbeidsgiver' THEN 'arbeidsgiver:' || r.orgnr ELSE r.role END) = b.sender_seat
                         UNION ALL
                         SELECT 1 FROM cases c
                          WHERE c.id = b.case_id AND c.enhet = b.sender_enhet AND b.sender_role = 'veileder' AND b.sender_seat = 'veileder'
                         LIMIT 1)
        ),
        bumped AS (
          UPDATE cases c SET last_seq = n.last_seq
            FROM (SELECT case_id, max(seq) AS last_seq FROM numbered GROUP BY 1) n
           WHERE c.id = ANY (locked_ids) AND c.id = n.case_id
        ),
        events AS (
          INSERT INTO case_events (case_id, seq, type, thread_id, ref_id, actor_id, audience, payload, at)
          SELECT n.case_id, n.seq, 'message.created', n.thread_id, n.id, n.sender_id, NULL, '{}'::jsonb, n.sent_at FROM numbered n
        ),
        stored AS (
          INSERT INTO messages (id, case_id, thread_id, seq, sender_id, sender_role, sender_seat, client_txn_id, tekst, funksjonsevne, diagnose,
                                medisinsk_vurdering, attachments, version, sent_at, channel)
          SELECT n.id, n.case_id, n.thread_id, n.seq, n.sender_id, n.sender_role, n.sender_seat, n.client_txn_id, n.tekst, n.funksjonsevne,
                 n.diagnose, n.medisinsk_vurdering, coalesce(n.attachments, '[]'::jsonb), 1, n.sent_at, n.channel FROM numbered n
        )
        SELECT b.ord::int, coalesce(p.id, n.id, nf.id), coalesce(p.seq, n.seq, nf.seq),
               CASE WHEN n.ord IS NOT NULL THEN 'created' WHEN p.ord IS NOT NULL OR nf.ord IS NOT NULL THEN 'repeated' ELSE 'denied' END
          FROM b
          LEFT JOIN prior p ON p.ord = b.ord
          LEFT JOIN numbered n ON n.ord = b.ord
          LEFT JOIN numbered nf ON nf.ord = b.first_ord AND b.ord <> b.first_ord
         ORDER BY b.ord;
      END
      $fn$`;

/**
 * The group commit's write function, third form (issue 20): a row per message in `messages` and `case_events`, and
 * nothing else per message.
 * - No `message_versions` row at the send: it repeated the message row. Version 1 is the message as sent; an edit
 *   writes the version it replaces, then its own.
 * - No `audit_log` row per write: the message row says who wrote it, as which role, when, and now over which channel;
 *   `audit_id` (from the audit log's sequence) places it among the audit rows, and innsyn derives the entry from it.
 *   Messages stored before this keep their audit rows (their audit_id stays NULL).
 * - The batch comes as arrays (one per column, read with unnest) instead of a jsonb document picked apart per field,
 *   in fewer statements, and the hub sends it as a named prepared statement.
 * - The varsel causes of a statement's events are one row (arrays of case and seq), not one row per event.
 */
export class LeanMessageWrite1733632000000 implements MigrationInterface {
  name = 'LeanMessageWrite1733632000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN audit_id bigint, ADD COLUMN channel text`);
    await q.query(`ALTER TABLE messages ALTER COLUMN audit_id SET DEFAULT nextval('audit_log_id_seq')`);
    await q.query(`DROP FUNCTION hub_write_messages(jsonb)`);
    await q.query(LEAN_WRITE_FUNCTION);

    // Varsel causes: one row per statement. No key and no foreign key: the dispatcher takes whole rows, and a cause
    // whose case retention deleted meanwhile finds no event and is dropped, as before.
    await q.query(`CREATE TABLE varsel_cause_batches (case_ids uuid[] NOT NULL, seqs bigint[] NOT NULL)`);
    await q.query(`INSERT INTO varsel_cause_batches SELECT array_agg(case_id), array_agg(seq) FROM varsel_causes HAVING count(*) > 0`);
    await q.query(`DROP TABLE varsel_causes`);
    await q.query(`
      CREATE OR REPLACE FUNCTION hub_enqueue_varsel_causes() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO varsel_cause_batches (case_ids, seqs)
        SELECT array_agg(n.case_id), array_agg(n.seq) FROM new_events n
         WHERE n.type IN ('message.created', 'dialogmelding.created', 'dialogmote.innkalt', 'dialogmote.status_changed',
                          'motebehov.submitted', 'plan.version_created', 'plan.shared', 'track.task_created', 'timeline.reminder')
        HAVING count(*) > 0;
        RETURN NULL;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE varsel_causes (
        case_id  uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        seq      bigint NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      INSERT INTO varsel_causes SELECT DISTINCT c.case_id, c.seq FROM varsel_cause_batches b, unnest(b.case_ids, b.seqs) AS c(case_id, seq)
        JOIN cases ON cases.id = c.case_id`);
    await q.query(`DROP TABLE varsel_cause_batches`);
    await q.query(`
      CREATE OR REPLACE FUNCTION hub_enqueue_varsel_causes() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO varsel_causes (case_id, seq)
        SELECT n.case_id, n.seq FROM new_events n
         WHERE n.type IN ('message.created', 'dialogmelding.created', 'dialogmote.innkalt', 'dialogmote.status_changed',
                          'motebehov.submitted', 'plan.version_created', 'plan.shared', 'track.task_created', 'timeline.reminder');
        RETURN NULL;
      END
      $fn$`);
    await q.query(
      `DROP FUNCTION hub_write_messages(uuid[], uuid[], uuid[], text[], text[], text[], text[], text[], text[], text[], jsonb[], text[], jsonb[], timestamptz[], text[])`,
    );
    // The second form's up() drops the jsonb function first: give it one to drop.
    await q.query(`CREATE FUNCTION hub_write_messages(batch jsonb) RETURNS int LANGUAGE sql AS 'SELECT 0'`);
    await new WriteMessagesChecksSeat1733100000000().up(q);
    await q.query(`ALTER TABLE messages DROP COLUMN audit_id, DROP COLUMN channel`);
  }
}
