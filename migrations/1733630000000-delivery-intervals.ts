import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Socket deliveries recorded as intervals instead of rows per delivery (issue 20). A subscription says who (person,
 * role, seats) received a case's events over a socket, which threads they could see, and from which sequence to which;
 * innsyn derives the messages delivered from that and the event log (`hub_derived_deliveries`), so the message path
 * writes no audit row per recipient. An interval opens when a socket subscribes (its catch-up: `caught_up_from` to
 * `from_seq`, delivered at `started_at`; live from `from_seq`), and closes (`to_seq`) when it leaves or its access is
 * read again (a new interval starts then with the new threads). An interval still open on a node that stopped
 * (`hub_nodes.seen_at`, refreshed every 10 s, older than 30 s) ends at that node's last sign of life.
 * Both entries of an interval take ids from the audit log's sequence, so innsyn pages audit rows and derived
 * deliveries in one order.
 */
export class DeliveryIntervals1733630000000 implements MigrationInterface {
  name = 'DeliveryIntervals1733630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_nodes (
        id          uuid PRIMARY KEY,
        started_at  timestamptz NOT NULL,
        seen_at     timestamptz NOT NULL,
        stopped_at  timestamptz
      )`);
    // Retention writes the derived deliveries out as audit rows (which outlive the case) before it deletes the case,
    // its events and, by the foreign key, its intervals.
    await q.query(`
      CREATE TABLE delivery_intervals (
        id              uuid PRIMARY KEY,
        catch_up_entry  bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
        live_entry      bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
        case_id         uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        actor_id        text NOT NULL,
        actor_role      text NOT NULL,
        seats           text[] NOT NULL,
        thread_ids      uuid[] NOT NULL,
        caught_up_from  bigint NOT NULL,
        from_seq        bigint NOT NULL,
        to_seq          bigint,
        started_at      timestamptz NOT NULL,
        ended_at        timestamptz,
        node_id         uuid NOT NULL,
        channel         text NOT NULL DEFAULT 'socket'
      )`);
    await q.query(`CREATE INDEX delivery_intervals_case ON delivery_intervals (case_id, live_entry)`);
    // One entry per part of an interval that delivered something: the catch-up (at the subscribe) and the live part
    // (at its first message). Only message.created events are derived: an edit or a redaction delivered is still
    // written as an audit row, as what an audience sees of it depends on the fields it changed.
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_derived_deliveries(uuid, bigint)`);
    await q.query(`DROP TABLE delivery_intervals`);
    await q.query(`DROP TABLE hub_nodes`);
  }
}
