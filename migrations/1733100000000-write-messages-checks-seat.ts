import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AddWriteMessagesFunction1733000000000 } from './1733000000000-add-write-messages-function';

/**
 * The group commit's write function, second form. Three changes:
 * - No scratch table. The temp table of the first form cost a catalog entry per connection (20–30 ms on its first
 *   call) and a truncate at every commit; the batch is now read from the jsonb in one statement of CTEs.
 * - Every row is reached by key, never by a scan whose cost grows with the tables (see the SET below): the first
 *   form's cost per message grew with the messages table.
 * - The sender's seat is checked inside the write: an active relation of the sender's role that gives the seat (or,
 *   for a veileder, the case's enhet), and the seat still a participant of the thread. So a socket send may pass the
 *   hub's cached access check and still never be stored after its sender's relation ended or seat was removed: the
 *   case row is locked first, the same lock a relation or participant change takes, and the check reads after it.
 * Returns, per input position, the stored message's id and seq and the outcome: 'created', 'repeated' (the
 * (sender, clientTxnId) was stored before, or earlier in this batch: its first result) or 'denied'.
 */
export class WriteMessagesChecksSeat1733100000000 implements MigrationInterface {
  name = 'WriteMessagesChecksSeat1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_write_messages(jsonb)`);
    await q.query(`
      CREATE FUNCTION hub_write_messages(batch jsonb) RETURNS TABLE (ord int, id uuid, seq bigint, outcome text)
      -- Every row here is reached by key. plpgsql keeps one generic plan per statement and connection, made from the
      -- statistics of that moment: a plan made while 'messages' was empty hashed the whole table on every later call,
      -- so the cost per message grew with the table. Sequential scans are refused here, and look-ups written so they
      -- cannot become joins.
      LANGUAGE plpgsql SET enable_seqscan = off AS $fn$
      #variable_conflict use_column
      DECLARE
        case_ids uuid[];
        last_seqs bigint[];
      BEGIN
        -- Cases locked in id order (no deadlock between nodes' batches), their sequences read under the lock.
        SELECT array_agg(l.id ORDER BY l.id), array_agg(l.last_seq ORDER BY l.id) INTO case_ids, last_seqs
          FROM (SELECT c.id, c.last_seq FROM cases c
                 WHERE c.id = ANY (ARRAY(SELECT DISTINCT (e->>'caseId')::uuid FROM jsonb_array_elements(batch) e))
                 ORDER BY c.id FOR UPDATE) l;

        RETURN QUERY
        WITH b AS (
          SELECT e.ord::int AS ord, (e.m->>'id')::uuid AS id, (e.m->>'caseId')::uuid AS case_id, (e.m->>'threadId')::uuid AS thread_id,
                 e.m->>'senderId' AS sender_id, e.m->>'senderRole' AS sender_role, e.m->>'senderSeat' AS sender_seat,
                 e.m->>'senderEnhet' AS sender_enhet, e.m->>'clientTxnId' AS client_txn_id, e.m->>'tekst' AS tekst,
                 e.m->>'funksjonsevne' AS funksjonsevne, nullif(e.m->'diagnose', 'null'::jsonb) AS diagnose,
                 e.m->>'medisinskVurdering' AS medisinsk_vurdering, coalesce(e.m->'attachments', '[]'::jsonb) AS attachments,
                 (e.m->>'sentAt')::timestamptz AS sent_at, e.m->>'channel' AS channel,
                 -- The same (sender, clientTxnId) twice in one batch: the later ones repeat the first.
                 (min(e.ord) OVER (PARTITION BY e.m->>'senderId', e.m->>'clientTxnId'))::int AS first_ord
            FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(m, ord)
        ),
        -- Look-ups are LATERAL ... LIMIT 1, EXISTS ... OFFSET 0 or EXISTS over a UNION: the planner cannot turn those
        -- into joins, so each stays one index probe per batch row, whatever the table's size when the plan was made.
        prior AS (
          SELECT b.ord, m.id, m.seq FROM b
           CROSS JOIN LATERAL (SELECT m.id, m.seq FROM messages m WHERE m.sender_id = b.sender_id AND m.client_txn_id = b.client_txn_id LIMIT 1) m
        ),
        fresh AS (
          SELECT b.* FROM b
           WHERE b.ord = b.first_ord
             AND NOT EXISTS (SELECT 1 FROM prior p WHERE p.ord = b.ord)
             AND EXISTS (SELECT 1 FROM thread_participants p JOIN threads t ON t.id = p.thread_id
                          WHERE p.thread_id = b.thread_id AND p.seat = b.sender_seat AND p.removed_at IS NULL AND t.case_id = b.case_id OFFSET 0)
             -- One EXISTS over a UNION, not EXISTS OR EXISTS: an OR'd EXISTS is planned as a hash of every active relation.
             AND EXISTS (SELECT 1 FROM case_relations r
                          WHERE r.case_id = b.case_id AND r.ended_at IS NULL AND r.role = b.sender_role AND r.party_id = b.sender_id
                            AND (CASE WHEN r.role = 'arbeidsgiver' THEN 'arbeidsgiver:' || r.orgnr ELSE r.role END) = b.sender_seat
                         UNION ALL
                         SELECT 1 FROM cases c
                          WHERE c.id = b.case_id AND c.enhet = b.sender_enhet AND b.sender_role = 'veileder' AND b.sender_seat = 'veileder'
                         LIMIT 1)
        ),
        locked AS (
          SELECT * FROM unnest(case_ids, last_seqs) AS l(case_id, last_seq)
        ),
        numbered AS (
          SELECT f.*, l.last_seq + row_number() OVER (PARTITION BY f.case_id ORDER BY f.ord) AS seq
            FROM fresh f JOIN locked l ON l.case_id = f.case_id
        ),
        bumped AS (
          UPDATE cases c SET last_seq = n.last_seq
            FROM (SELECT case_id, max(seq) AS last_seq FROM numbered GROUP BY 1) n
           WHERE c.id = ANY (case_ids) AND c.id = n.case_id
        ),
        events AS (
          INSERT INTO case_events (case_id, seq, type, thread_id, ref_id, actor_id, audience, payload, at)
          SELECT n.case_id, n.seq, 'message.created', n.thread_id, n.id, n.sender_id, NULL, '{}'::jsonb, n.sent_at FROM numbered n
        ),
        stored AS (
          INSERT INTO messages (id, case_id, thread_id, seq, sender_id, sender_role, sender_seat, client_txn_id, tekst, funksjonsevne, diagnose,
                                medisinsk_vurdering, attachments, version, sent_at)
          SELECT n.id, n.case_id, n.thread_id, n.seq, n.sender_id, n.sender_role, n.sender_seat, n.client_txn_id, n.tekst, n.funksjonsevne,
                 n.diagnose, n.medisinsk_vurdering, n.attachments, 1, n.sent_at FROM numbered n
        ),
        versions AS (
          INSERT INTO message_versions (message_id, version, tekst, funksjonsevne, diagnose, medisinsk_vurdering, attachments, created_at)
          SELECT n.id, 1, n.tekst, n.funksjonsevne, n.diagnose, n.medisinsk_vurdering, n.attachments, n.sent_at FROM numbered n
        ),
        audited AS (
          INSERT INTO audit_log (at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel)
          SELECT n.sent_at, n.sender_id, n.sender_role, n.case_id, 'write', 'Message', ARRAY[n.id::text], 'permit', n.channel FROM numbered n
        )
        SELECT b.ord, coalesce(p.id, n.id, nf.id), coalesce(p.seq, n.seq, nf.seq),
               CASE WHEN n.ord IS NOT NULL THEN 'created' WHEN p.ord IS NOT NULL OR nf.ord IS NOT NULL THEN 'repeated' ELSE 'denied' END
          FROM b
          LEFT JOIN prior p ON p.ord = b.ord
          LEFT JOIN numbered n ON n.ord = b.ord
          LEFT JOIN numbered nf ON nf.ord = b.first_ord AND b.ord <> b.first_ord
         ORDER BY b.ord;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_write_messages(jsonb)`);
    await new AddWriteMessagesFunction1733000000000().up(q);
  }
}
