import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Innsyn's derived deliveries read a page's worth of intervals, not the case's whole history.
 *
 * `hub_derived_deliveries` (1733630000000) built both parts of every interval after the cursor, each with its
 * aggregate over the event log, before the page's LIMIT applied: one page of a case with thousands of subscriptions
 * read all of them. Now it walks the parts in entry order from the indexes, a batch at a time, and builds only those:
 * - `max_rows`: it stops once it has that many non-empty parts. A part that delivered nothing is no entry, so a batch
 *   may yield fewer than it read; the walk goes on from the batch's last part (batches double) until it has
 *   `max_rows` or no parts are left, so the rows it returns are exactly the first `max_rows` entries after
 *   `after_id`, and a cursor taken from them passes no entry.
 * - `before_id`: no part at or past it is read. The caller knows its page ends there (it already holds a page of
 *   audit rows and writes before it), so a case whose subscriptions mostly delivered nothing is not walked to its end
 *   to find entries that could not be on the page anyway.
 * Both NULL (retention's write-out): every part, as before.
 */
/** This migration's form of hub_derived_deliveries (1733643000000's down() restores it). */
export const DERIVED_DELIVERIES_BY_PAGE = `
      CREATE FUNCTION hub_derived_deliveries(for_case uuid, after_id bigint, max_rows bigint DEFAULT NULL, before_id bigint DEFAULT NULL)
        RETURNS TABLE (id bigint, at timestamptz, actor_id text, actor_role text, case_id uuid, subject_ids text[], channel text)
        LANGUAGE plpgsql STABLE AS $fn$
      #variable_conflict use_column
      DECLARE
        from_entry bigint := after_id;
        -- A bound the indexes can stop at (a NULL in an OR would be a filter, read to the case's last interval).
        to_entry bigint := coalesce(before_id, 9223372036854775807);
        batch bigint := CASE WHEN max_rows IS NOT NULL THEN greatest(max_rows, 32) END;
        wanted bigint := max_rows;
        got bigint;
        entries bigint[];
        catch_ups boolean[];
        parts delivery_intervals[];
      BEGIN
        IF max_rows <= 0 THEN RETURN; END IF;
        LOOP
          -- The next parts in entry order: a merge of the two index walks, each stopped at the batch (LIMIT NULL: all),
          -- with their intervals' rows (joined again by id, a batch became a hash join over the whole table). A part
          -- whose range of sequences is empty is passed over here.
          SELECT array_agg(c.entry ORDER BY c.entry), array_agg(c.catch_up ORDER BY c.entry), array_agg(c.d ORDER BY c.entry)
            INTO entries, catch_ups, parts
            FROM ((SELECT d.catch_up_entry AS entry, true AS catch_up, d FROM delivery_intervals d
                    WHERE d.case_id = for_case AND d.catch_up_entry > from_entry AND d.catch_up_entry < to_entry
                      AND d.caught_up_from < d.from_seq
                    ORDER BY d.catch_up_entry LIMIT batch)
                  UNION ALL
                  (SELECT d.live_entry, false, d FROM delivery_intervals d
                    WHERE d.case_id = for_case AND d.live_entry > from_entry AND d.live_entry < to_entry
                      AND (d.to_seq IS NULL OR d.to_seq > d.from_seq)
                    ORDER BY d.live_entry LIMIT batch)
                  ORDER BY 1 LIMIT batch) c;
          EXIT WHEN entries IS NULL;
          -- One entry per part that delivered something: the catch-up (at the subscribe) and the live part (at its
          -- first message). Only message.created events are derived (see 1733630000000).
          RETURN QUERY
            SELECT entries[i.ordinality], coalesce(p.at, ev.first_at), i.actor_id, i.actor_role, i.case_id, ev.subject_ids, i.channel
              FROM unnest(parts) WITH ORDINALITY AS i
              LEFT JOIN hub_nodes n ON n.id = i.node_id
              CROSS JOIN LATERAL (
                SELECT i.started_at AS at, i.caught_up_from AS lo, i.from_seq AS hi, NULL::timestamptz AS until
                 WHERE catch_ups[i.ordinality]
                UNION ALL
                SELECT NULL, i.from_seq,
                       coalesce(i.to_seq, (SELECT cs.last_seq FROM cases cs WHERE cs.id = i.case_id), i.from_seq),
                       CASE WHEN i.to_seq IS NULL AND (n.id IS NULL OR n.stopped_at IS NOT NULL OR n.seen_at < now() - interval '30 seconds')
                            THEN coalesce(n.stopped_at, n.seen_at, i.started_at) END
                 WHERE NOT catch_ups[i.ordinality]
              ) p
              CROSS JOIN LATERAL (
                SELECT array_agg(e.ref_id::text ORDER BY e.seq) AS subject_ids, min(e.at) AS first_at
                  FROM case_events e
                 WHERE e.case_id = i.case_id AND e.seq > p.lo AND e.seq <= p.hi AND e.type = 'message.created'
                   AND e.thread_id = ANY (i.thread_ids) AND (p.until IS NULL OR e.at <= p.until)
              ) ev
             WHERE ev.subject_ids IS NOT NULL
             ORDER BY i.ordinality
             LIMIT wanted;
          GET DIAGNOSTICS got = ROW_COUNT;
          wanted := wanted - got;
          EXIT WHEN batch IS NULL OR wanted <= 0 OR cardinality(entries) < batch;
          from_entry := entries[cardinality(entries)];
          batch := batch * 2;
        END LOOP;
      END
      $fn$`;

export class DerivedDeliveriesByPage1733640000000 implements MigrationInterface {
  name = 'DerivedDeliveriesByPage1733640000000';

  async up(q: QueryRunner): Promise<void> {
    // The catch-up parts are walked by this index, the live parts by delivery_intervals_case (case_id, live_entry). A
    // resume that missed nothing (most of them) has an empty catch-up: it is never an entry, so it is not indexed.
    await q.query(
      `CREATE INDEX delivery_intervals_case_catch_up ON delivery_intervals (case_id, catch_up_entry) WHERE caught_up_from < from_seq`,
    );
    await q.query(`DROP FUNCTION hub_derived_deliveries(uuid, bigint)`);
    await q.query(DERIVED_DELIVERIES_BY_PAGE);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_derived_deliveries(uuid, bigint, bigint, bigint)`);
    await q.query(`DROP INDEX delivery_intervals_case_catch_up`);
    // As 1733630000000 made it.
    await q.query(`
      CREATE FUNCTION hub_derived_deliveries(for_case uuid, after_id bigint)
        RETURNS TABLE (id bigint, at timestamptz, actor_id text, actor_role text, case_id uuid, subject_ids text[], channel text)
        LANGUAGE sql STABLE AS $fn$
        SELECT p.entry, coalesce(p.at, ev.first_at), i.actor_id, i.actor_role, i.case_id, ev.subject_ids, i.channel
          FROM delivery_intervals i
          LEFT JOIN hub_nodes n ON n.id = i.node_id
          CROSS JOIN LATERAL (
            SELECT i.catch_up_entry AS entry, i.started_at AS at, i.caught_up_from AS lo, i.from_seq AS hi, NULL::timestamptz AS until
            UNION ALL
            SELECT i.live_entry, NULL, i.from_seq,
                   coalesce(i.to_seq, (SELECT c.last_seq FROM cases c WHERE c.id = i.case_id), i.from_seq),
                   CASE WHEN i.to_seq IS NULL AND (n.id IS NULL OR n.stopped_at IS NOT NULL OR n.seen_at < now() - interval '30 seconds')
                        THEN coalesce(n.stopped_at, n.seen_at, i.started_at) END
          ) p
          CROSS JOIN LATERAL (
            SELECT array_agg(e.ref_id::text ORDER BY e.seq) AS subject_ids, min(e.at) AS first_at
              FROM case_events e
             WHERE e.case_id = i.case_id AND e.seq > p.lo AND e.seq <= p.hi AND e.type = 'message.created'
               AND e.thread_id = ANY (i.thread_ids) AND (p.until IS NULL OR e.at <= p.until)
          ) ev
         WHERE i.case_id = for_case AND p.entry > after_id AND ev.subject_ids IS NOT NULL
      $fn$`);
  }
}
