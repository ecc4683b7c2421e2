import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The group commit's whole batch in one round trip: idempotency look-up, per-case sequence numbers (case rows locked
 * in id order), message, version, event and audit rows. One call is one statement, so it commits or fails whole.
 * Returns, per input position, the stored message's id and seq and whether this call created it.
 */
export class AddWriteMessagesFunction1733000000000 implements MigrationInterface {
  name = 'AddWriteMessagesFunction1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION hub_write_messages(batch jsonb) RETURNS TABLE (ord int, id uuid, seq bigint, created boolean)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      BEGIN
        -- A session's own scratch table, made on its first call (temp tables are per connection).
        IF to_regclass('pg_temp.hub_write_batch') IS NULL THEN
        CREATE TEMP TABLE hub_write_batch (
          ord int, id uuid, case_id uuid, thread_id uuid, sender_id text, sender_role text, sender_seat text, client_txn_id text,
          tekst text, funksjonsevne text, diagnose jsonb, medisinsk_vurdering text, attachments jsonb, sent_at timestamptz,
          channel text, existing_id uuid, first_ord int, seq bigint
        ) ON COMMIT DELETE ROWS;
        END IF;
        DELETE FROM hub_write_batch;

        INSERT INTO hub_write_batch (ord, id, case_id, thread_id, sender_id, sender_role, sender_seat, client_txn_id, tekst,
                                     funksjonsevne, diagnose, medisinsk_vurdering, attachments, sent_at, channel)
        SELECT b.ord::int, (b.m->>'id')::uuid, (b.m->>'caseId')::uuid, (b.m->>'threadId')::uuid, b.m->>'senderId', b.m->>'senderRole',
               b.m->>'senderSeat', b.m->>'clientTxnId', b.m->>'tekst', b.m->>'funksjonsevne', nullif(b.m->'diagnose', 'null'::jsonb),
               b.m->>'medisinskVurdering', coalesce(b.m->'attachments', '[]'::jsonb), (b.m->>'sentAt')::timestamptz, b.m->>'channel'
          FROM jsonb_array_elements(batch) WITH ORDINALITY AS b(m, ord);

        -- Sent before (this batch's sender and clientTxnId already stored): the first result is given back.
        UPDATE hub_write_batch w SET existing_id = m.id FROM messages m WHERE m.sender_id = w.sender_id AND m.client_txn_id = w.client_txn_id;
        -- Twice in this batch: the later ones repeat the first.
        UPDATE hub_write_batch w SET first_ord = f.first_ord
          FROM (SELECT sender_id, client_txn_id, min(ord) AS first_ord FROM hub_write_batch GROUP BY 1, 2) f
         WHERE f.sender_id = w.sender_id AND f.client_txn_id = w.client_txn_id;

        PERFORM 1 FROM cases c WHERE c.id IN (SELECT w.case_id FROM hub_write_batch w WHERE w.existing_id IS NULL AND w.ord = w.first_ord)
          ORDER BY c.id FOR UPDATE;
        UPDATE hub_write_batch w SET seq = c.last_seq + n.rn
          FROM (SELECT w2.ord, row_number() OVER (PARTITION BY w2.case_id ORDER BY w2.ord) AS rn
                  FROM hub_write_batch w2 WHERE w2.existing_id IS NULL AND w2.ord = w2.first_ord) n, cases c
         WHERE n.ord = w.ord AND c.id = w.case_id;
        UPDATE cases c SET last_seq = c.last_seq + n.cnt
          FROM (SELECT w.case_id, count(*) AS cnt FROM hub_write_batch w WHERE w.seq IS NOT NULL GROUP BY 1) n WHERE c.id = n.case_id;

        INSERT INTO case_events (case_id, seq, type, thread_id, ref_id, actor_id, audience, payload, at)
        SELECT w.case_id, w.seq, 'message.created', w.thread_id, w.id, w.sender_id, NULL, '{}'::jsonb, w.sent_at FROM hub_write_batch w WHERE w.seq IS NOT NULL;
        INSERT INTO messages (id, case_id, thread_id, seq, sender_id, sender_role, sender_seat, client_txn_id, tekst, funksjonsevne, diagnose,
                              medisinsk_vurdering, attachments, version, sent_at)
        SELECT w.id, w.case_id, w.thread_id, w.seq, w.sender_id, w.sender_role, w.sender_seat, w.client_txn_id, w.tekst, w.funksjonsevne,
               w.diagnose, w.medisinsk_vurdering, w.attachments, 1, w.sent_at FROM hub_write_batch w WHERE w.seq IS NOT NULL;
        INSERT INTO message_versions (message_id, version, tekst, funksjonsevne, diagnose, medisinsk_vurdering, attachments, created_at)
        SELECT w.id, 1, w.tekst, w.funksjonsevne, w.diagnose, w.medisinsk_vurdering, w.attachments, w.sent_at FROM hub_write_batch w WHERE w.seq IS NOT NULL;
        INSERT INTO audit_log (at, actor_id, actor_role, case_id, action, subject_type, subject_ids, decision, channel)
        SELECT w.sent_at, w.sender_id, w.sender_role, w.case_id, 'write', 'Message', ARRAY[w.id::text], 'permit', w.channel FROM hub_write_batch w WHERE w.seq IS NOT NULL;

        RETURN QUERY
          SELECT w.ord, coalesce(w.existing_id, f.id), coalesce(f.seq, m.seq), w.existing_id IS NULL AND w.ord = w.first_ord
            FROM hub_write_batch w
            LEFT JOIN hub_write_batch f ON f.ord = w.first_ord
            LEFT JOIN messages m ON m.id = w.existing_id
           ORDER BY w.ord;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_write_messages(jsonb)`);
  }
}
