import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEAN_WRITE_FUNCTION } from './1733632000000-lean-message-write';

const SIGNATURE = `hub_write_messages(uuid[], uuid[], uuid[], text[], text[], text[], text[], text[], text[], text[], jsonb[], text[], jsonb[], timestamptz[], text[])`;

/**
 * The group commit's write function, fourth form (issue 20): the same rows, fewer WAL records around them. Measured
 * with pg_walinspect per stored message (bench/README.md), the write wrote, besides its rows:
 * - a row-lock record on each case (`SELECT … FOR UPDATE`, ~54 B), then the update of its `last_seq`;
 * - a row-lock record on each thread (~54 B): the foreign-key check of `messages.thread_id` takes FOR KEY SHARE;
 * - an entry in `messages_case` (~77 B with its page splits), an index no query needs: a case's messages are reached
 *   through its threads (`messages_thread_seq`), and the index was there for the ON DELETE CASCADE from `cases`.
 *
 * Now the update of `last_seq` is the case's lock (an UPDATE that changes no key takes FOR NO KEY UPDATE, so it no
 * longer waits for, nor blocks, the FOR KEY SHARE of foreign-key checks on rows that reference the case, such as a
 * varsel plan's): it adds the number of distinct messages the batch holds for the case and returns the sequence it
 * started from. The checks (repeated, seat held) then run in a statement of their own, after the lock, so they see
 * whatever committed before it, as before; in the rare batch where some of a case's messages are denied or repeated,
 * the number is put right in that statement, under the same lock, so the sequence stays gap-free.
 *
 * `messages` and `case_events` keep no foreign keys to `cases` and `threads`: a check of them after the update would
 * lock the row version the update wrote (a record per case and per thread again), and `messages_case` goes with the
 * cascade that needed it. What they guarded holds by construction: the write function stores a message only for a
 * thread of the case, under the case's lock; threads are never deleted but with their case; and the retention job,
 * the only deleter of cases, locks the case and deletes its messages and events itself before the case row
 * (`RetentionRepository.deleteCase`), as it already did for `message_search`.
 */
export class WriteWithoutRowLocks1733642000000 implements MigrationInterface {
  name = 'WriteWithoutRowLocks1733642000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_case_id_fkey, DROP CONSTRAINT messages_thread_id_fkey`);
    await q.query(`ALTER TABLE case_events DROP CONSTRAINT case_events_case_id_fkey`);
    await q.query(`DROP INDEX messages_case`);
    await q.query(`DROP FUNCTION ${SIGNATURE}`);
    await q.query(`
      CREATE FUNCTION hub_write_messages(
        ids uuid[], case_ids uuid[], thread_ids uuid[], sender_ids text[], sender_roles text[], sender_seats text[], sender_enhets text[],
        client_txn_ids text[], tekster text[], funksjonsevner text[], diagnoser jsonb[], medisinske text[], attachments jsonb[],
        sent_ats timestamptz[], channels text[])
        RETURNS TABLE (ord int, id uuid, seq bigint, outcome text)
      -- Every row is reached by key (see the second form): sequential scans are refused, look-ups cannot become joins.
      -- No bitmap scans either: the update below must meet the cases in id order, as a btree scan of "id = ANY" does.
      LANGUAGE plpgsql SET enable_seqscan = off SET enable_bitmapscan = off AS $fn$
      #variable_conflict use_column
      DECLARE
        locked_ids uuid[];
        bases bigint[];
        taken bigint[];
      BEGIN
        -- Each case's numbers taken by the update that locks it, in id order (no deadlock between nodes' batches, nor
        -- with CaseRepository.lockMany): as many as the batch holds distinct (sender, clientTxnId) pairs for the case.
        -- A case deleted meanwhile is not found, and its messages are denied below.
        WITH wanted AS (
          SELECT array_agg(w.case_id ORDER BY w.case_id) AS ids, array_agg(w.n ORDER BY w.case_id) AS ns
            FROM (SELECT u.case_id, count(DISTINCT (u.sender_id, u.client_txn_id)) AS n
                    FROM unnest(case_ids, sender_ids, client_txn_ids) AS u(case_id, sender_id, client_txn_id) GROUP BY 1) w
        ),
        bumped AS (
          UPDATE cases c SET last_seq = c.last_seq + w.ns[array_position(w.ids, c.id)]
            FROM wanted w WHERE c.id = ANY (w.ids)
          RETURNING c.id, c.last_seq, w.ns[array_position(w.ids, c.id)] AS n
        )
        SELECT array_agg(b.id ORDER BY b.id), array_agg(b.last_seq - b.n ORDER BY b.id), array_agg(b.n ORDER BY b.id)
          INTO locked_ids, bases, taken FROM bumped b;

        -- A new statement: its snapshot sees every write to these cases committed before the lock.
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
          SELECT b.*, l.base + row_number() OVER (PARTITION BY b.case_id ORDER BY b.ord) AS seq
            FROM b JOIN unnest(locked_ids, bases) AS l(case_id, base) ON l.case_id = b.case_id
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
        -- Numbers taken for messages not stored (denied, repeated) are given back: the sequence ends at the last event.
        corrected AS (
          UPDATE cases c SET last_seq = l.base + l.stored
            FROM (SELECT l.case_id, l.base, l.taken, (SELECT count(*) FROM numbered n WHERE n.case_id = l.case_id) AS stored
                    FROM unnest(locked_ids, bases, taken) AS l(case_id, base, taken)) l
           WHERE c.id = l.case_id AND l.stored <> l.taken
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
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${SIGNATURE}`);
    await q.query(LEAN_WRITE_FUNCTION);
    // Rows whose case or thread went without them (none, if retention deleted them as it does) would block the keys.
    await q.query(`DELETE FROM messages m WHERE NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = m.thread_id AND t.case_id = m.case_id)`);
    await q.query(`DELETE FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)`);
    await q.query(`CREATE INDEX messages_case ON messages (case_id)`);
    await q.query(`
      ALTER TABLE messages
        ADD CONSTRAINT messages_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        ADD CONSTRAINT messages_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES threads (id) ON DELETE CASCADE`);
    await q.query(
      `ALTER TABLE case_events ADD CONSTRAINT case_events_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE`,
    );
  }
}
