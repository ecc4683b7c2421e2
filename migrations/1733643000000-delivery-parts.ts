import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DERIVED_DELIVERIES_BY_PAGE } from './1733640000000-derived-deliveries-by-page';

/**
 * A derived delivery gets its innsyn id when it becomes visible, and keeps what it says from then on.
 *
 * Before, an interval took both its entry ids when it was written (at the subscribe), and its live entry named every
 * message the socket received until it left. A reader paging on from its last id (the web page's refresh) had passed
 * the live entry's id before its first message arrived, and an entry it had read went on growing: it never saw those
 * deliveries. Now each interval's deliveries are *parts* (`delivery_parts`), each a fixed range of the case's
 * sequence, with an id from the audit log's sequence taken when the part is written:
 * - the catch-up, written with the interval (the subscribe) when it delivered a message;
 * - the live deliveries, cut into parts by `hub_cut_intervals`: when the interval closes (the node's leave, written in
 *   the background, once per subscription), and when someone is about to read them (innsyn, the operator's export,
 *   retention's write-out) for what it delivered since its last cut. The message path writes nothing per recipient.
 *   A part is cut only when it delivered a message, so every part is an entry and a page takes them by index.
 * A part written after a reader's page has a larger id than anything on it: a cursor passes no entry. An open interval
 * is cut up to the case's last event; on a node that went silent (30 s) up to its last sign of life, and one that
 * stopped is closed there.
 * Intervals written before this keep their ids: a catch-up that delivered and a live part as innsyn derived it at the
 * migration become parts under the ids they had (the live one frozen; what follows is cut into new parts).
 */
export class DeliveryParts1733643000000 implements MigrationInterface {
  name = 'DeliveryParts1733643000000';

  async up(q: QueryRunner): Promise<void> {
    // `at`: the delivery's time (the subscribe for a catch-up, the first message for a live part); the operator's
    // export finds parts by it. The key is by case: innsyn walks it, and the case's deletion takes them.
    await q.query(`
      CREATE TABLE delivery_parts (
        case_id      uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        entry        bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
        interval_id  uuid NOT NULL,
        after_seq    bigint NOT NULL,
        to_seq       bigint NOT NULL,
        at           timestamptz NOT NULL,
        PRIMARY KEY (case_id, entry)
      )`);
    await q.query(`CREATE INDEX delivery_parts_at ON delivery_parts (at, entry)`);
    // Where the live deliveries not yet in a part start (NULL: at from_seq).
    await q.query(`ALTER TABLE delivery_intervals ADD COLUMN cut_seq bigint`);

    await q.query(`
      INSERT INTO delivery_parts (case_id, entry, interval_id, after_seq, to_seq, at)
      SELECT i.case_id, i.catch_up_entry, i.id, i.caught_up_from, i.from_seq, i.started_at FROM delivery_intervals i
       WHERE i.caught_up_from < i.from_seq
         AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = i.case_id AND e.seq > i.caught_up_from AND e.seq <= i.from_seq
                        AND e.type = 'message.created' AND e.thread_id = ANY (i.thread_ids))`);
    await q.query(`
      WITH live AS (
        SELECT i.id, i.case_id, i.live_entry, i.from_seq, i.thread_ids, i.to_seq, coalesce(i.to_seq, c.last_seq, i.from_seq) AS hi,
               CASE WHEN i.to_seq IS NULL AND (n.id IS NULL OR n.stopped_at IS NOT NULL OR n.seen_at < now() - interval '30 seconds')
                    THEN coalesce(n.stopped_at, n.seen_at, i.started_at) END AS until
          FROM delivery_intervals i JOIN cases c ON c.id = i.case_id LEFT JOIN hub_nodes n ON n.id = i.node_id
      ),
      bounded AS MATERIALIZED (
        SELECT l.*, CASE WHEN l.until IS NULL THEN l.hi
                         ELSE coalesce((SELECT max(e.seq) FROM case_events e
                                         WHERE e.case_id = l.case_id AND e.seq > l.from_seq AND e.seq <= l.hi AND e.at <= l.until), l.from_seq)
                    END AS cut
          FROM live l
      ),
      parts AS (
        INSERT INTO delivery_parts (case_id, entry, interval_id, after_seq, to_seq, at)
        SELECT b.case_id, b.live_entry, b.id, b.from_seq, b.cut, ev.first_at FROM bounded b
         CROSS JOIN LATERAL (SELECT min(e.at) AS first_at FROM case_events e
                              WHERE e.case_id = b.case_id AND e.seq > b.from_seq AND e.seq <= b.cut
                                AND e.type = 'message.created' AND e.thread_id = ANY (b.thread_ids)) ev
         WHERE ev.first_at IS NOT NULL
      )
      UPDATE delivery_intervals d SET cut_seq = b.cut FROM bounded b WHERE d.id = b.id AND b.to_seq IS NULL`);

    await q.query(`DROP FUNCTION hub_derived_deliveries(uuid, bigint, bigint, bigint)`);
    await q.query(`DROP INDEX delivery_intervals_case_catch_up`);
    await q.query(`DROP INDEX delivery_intervals_case`);
    await q.query(`ALTER TABLE delivery_intervals DROP COLUMN catch_up_entry, DROP COLUMN live_entry`);
    // The case's deletion takes its intervals by this one; innsyn and the export cut the open ones by the other.
    await q.query(`CREATE INDEX delivery_intervals_case ON delivery_intervals (case_id)`);
    await q.query(`CREATE INDEX delivery_intervals_open ON delivery_intervals (case_id) WHERE to_seq IS NULL`);

    // Cuts the given intervals' live deliveries since their last cut into a part, if they delivered a message; with
    // `to_seqs`, the intervals end there (the node's leave). Without, an open interval is cut up to the case's last
    // event, or, on a node silent for 30 s, up to its last sign of life (closed there if the node stopped). The rows
    // are locked in id order, so a leave and a reader cutting the same interval take turns and cut disjoint ranges.
    // Returns the parts written.
    await q.query(`
      CREATE FUNCTION hub_cut_intervals(ids uuid[], to_seqs bigint[] DEFAULT NULL, ended_ats timestamptz[] DEFAULT NULL)
        RETURNS bigint LANGUAGE sql AS $fn$
        WITH locked AS MATERIALIZED (
          SELECT d.id, d.case_id, d.thread_ids, d.node_id, d.started_at, coalesce(d.cut_seq, d.from_seq) AS lo,
                 x.to_seq AS leave_seq, x.ended_at AS left_at
            FROM unnest(ids, to_seqs, ended_ats) AS x(id, to_seq, ended_at)
            JOIN delivery_intervals d ON d.id = x.id
           WHERE d.to_seq IS NULL
           ORDER BY d.id
             FOR UPDATE OF d
        ),
        nodes AS (
          SELECT l.*, c.last_seq,
                 n.id IS NOT NULL AND n.stopped_at IS NULL AND n.seen_at >= now() - interval '30 seconds' AS alive,
                 n.stopped_at IS NOT NULL AS stopped, coalesce(n.stopped_at, n.seen_at, l.started_at) AS until
            FROM locked l JOIN cases c ON c.id = l.case_id LEFT JOIN hub_nodes n ON n.id = l.node_id
        ),
        bounded AS MATERIALIZED (
          SELECT n.*, greatest(n.lo, CASE
                   WHEN n.leave_seq IS NOT NULL THEN n.leave_seq
                   WHEN n.alive THEN n.last_seq
                   ELSE coalesce((SELECT e.seq - 1 FROM case_events e WHERE e.case_id = n.case_id AND e.seq > n.lo AND e.at > n.until
                                   ORDER BY e.seq LIMIT 1), n.last_seq)
                 END) AS hi
            FROM nodes n
        ),
        parts AS (
          INSERT INTO delivery_parts (case_id, interval_id, after_seq, to_seq, at)
          SELECT b.case_id, b.id, b.lo, b.hi, ev.first_at FROM bounded b
           CROSS JOIN LATERAL (SELECT min(e.at) AS first_at FROM case_events e
                                WHERE e.case_id = b.case_id AND e.seq > b.lo AND e.seq <= b.hi
                                  AND e.type = 'message.created' AND e.thread_id = ANY (b.thread_ids)) ev
           WHERE b.hi > b.lo AND ev.first_at IS NOT NULL
           ORDER BY b.id
          RETURNING 1
        ),
        cut AS (
          UPDATE delivery_intervals d
             SET cut_seq = b.hi,
                 to_seq = CASE WHEN b.leave_seq IS NOT NULL THEN b.leave_seq WHEN b.stopped AND NOT b.alive THEN b.hi END,
                 ended_at = CASE WHEN b.leave_seq IS NOT NULL THEN b.left_at WHEN b.stopped AND NOT b.alive THEN b.until END
            FROM bounded b
           WHERE d.id = b.id AND (b.hi > b.lo OR b.leave_seq IS NOT NULL OR (b.stopped AND NOT b.alive))
        )
        SELECT count(*) FROM parts
      $fn$`);

    // Innsyn's derived deliveries: the case's parts after after_id (and before before_id), at most max_rows (NULL:
    // all), each naming the messages of its range on the threads its interval could see. Every part delivered
    // something, so the limit applies before they are built.
    await q.query(`
      CREATE FUNCTION hub_derived_deliveries(for_case uuid, after_id bigint, max_rows bigint DEFAULT NULL, before_id bigint DEFAULT NULL)
        RETURNS TABLE (id bigint, at timestamptz, actor_id text, actor_role text, case_id uuid, subject_ids text[], channel text)
        LANGUAGE sql STABLE AS $fn$
        SELECT p.entry, p.at, i.actor_id, i.actor_role, p.case_id, ev.subject_ids, i.channel
          FROM (SELECT * FROM delivery_parts p
                 WHERE p.case_id = for_case AND p.entry > after_id AND p.entry < coalesce(before_id, 9223372036854775807)
                 ORDER BY p.entry LIMIT max_rows) p
          -- By key, one interval per part (OFFSET 0: not flattened into a join over the whole table).
          CROSS JOIN LATERAL (SELECT d.actor_id, d.actor_role, d.thread_ids, d.channel FROM delivery_intervals d WHERE d.id = p.interval_id OFFSET 0) i
          CROSS JOIN LATERAL (
            SELECT array_agg(e.ref_id::text ORDER BY e.seq) AS subject_ids FROM case_events e
             WHERE e.case_id = p.case_id AND e.seq > p.after_seq AND e.seq <= p.to_seq AND e.type = 'message.created'
               AND e.thread_id = ANY (i.thread_ids)
          ) ev
         ORDER BY p.entry
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_derived_deliveries(uuid, bigint, bigint, bigint)`);
    await q.query(`DROP FUNCTION hub_cut_intervals(uuid[], bigint[], timestamptz[])`);
    await q.query(`DROP INDEX delivery_intervals_open`);
    await q.query(`DROP INDEX delivery_intervals_case`);
    // Back to two entries per interval: a catch-up part keeps its id, an interval's first live part gives its id to the
    // live entry (its later parts' ids are not kept; the live entry names all the interval delivered, as before).
    await q.query(`
      ALTER TABLE delivery_intervals ADD COLUMN catch_up_entry bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
                                     ADD COLUMN live_entry bigint NOT NULL DEFAULT nextval('audit_log_id_seq')`);
    await q.query(`
      UPDATE delivery_intervals d SET catch_up_entry = p.entry FROM delivery_parts p
       WHERE p.interval_id = d.id AND p.after_seq = d.caught_up_from AND p.to_seq = d.from_seq AND d.caught_up_from < d.from_seq`);
    await q.query(`
      UPDATE delivery_intervals d SET live_entry = p.entry
        FROM (SELECT DISTINCT ON (p.interval_id) p.interval_id, p.entry FROM delivery_parts p
                JOIN delivery_intervals i ON i.id = p.interval_id
               WHERE p.after_seq >= i.from_seq ORDER BY p.interval_id, p.entry) p
       WHERE p.interval_id = d.id`);
    await q.query(`ALTER TABLE delivery_intervals DROP COLUMN cut_seq`);
    await q.query(`DROP TABLE delivery_parts`);
    await q.query(`CREATE INDEX delivery_intervals_case ON delivery_intervals (case_id, live_entry)`);
    await q.query(
      `CREATE INDEX delivery_intervals_case_catch_up ON delivery_intervals (case_id, catch_up_entry) WHERE caught_up_from < from_seq`,
    );
    await q.query(DERIVED_DELIVERIES_BY_PAGE);
  }
}
