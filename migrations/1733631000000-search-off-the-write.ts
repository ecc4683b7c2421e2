import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search indexing leaves the write (issue 20). The three tsvectors were generated columns of `messages` with a GIN
 * index each, so every send computed and indexed them inside its commit. Now:
 * - `message_search` holds a message's vectors, one row per message, filled by the search indexer (a worker) after
 *   the commit; a vector of an empty field is NULL and the partial GIN indexes skip it (most messages carry no
 *   funksjonsevne or medical text, whose empty vectors cost an index entry each before);
 * - a statement trigger on `messages` queues the ids a statement inserted or changed in `search_queue`, one row per
 *   statement (a group-commit batch writes one), in the same transaction, so nothing committed goes unindexed;
 * - the indexer claims queue rows (FOR UPDATE SKIP LOCKED), computes the vectors from the message as it is then, and
 *   deletes the rows, in one transaction. A search first indexes what is still queued, so it finds every committed
 *   message; without searches, the index trails the write by about the indexer's interval.
 */
export class SearchOffTheWrite1733631000000 implements MigrationInterface {
  name = 'SearchOffTheWrite1733631000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_search (
        -- No foreign key: its check would lock the message row (a WAL record per message); retention, the only
        -- deleter of messages, deletes these rows first.
        message_id            uuid PRIMARY KEY,
        search_open           tsvector,
        search_funksjonsevne  tsvector,
        search_medical        tsvector
      )`);
    await q.query(`
      CREATE FUNCTION hub_search_vectors(tekst text, funksjonsevne text, medisinsk_vurdering text, diagnose jsonb)
        RETURNS TABLE (search_open tsvector, search_funksjonsevne tsvector, search_medical tsvector)
        LANGUAGE sql IMMUTABLE AS $fn$
        SELECT nullif(to_tsvector('norwegian', coalesce(tekst, '')), ''::tsvector),
               nullif(to_tsvector('norwegian', coalesce(funksjonsevne, '')), ''::tsvector),
               nullif(to_tsvector('norwegian', coalesce(medisinsk_vurdering, '') || ' ' || coalesce(jsonb_path_query_array(diagnose, '$[*].*')::text, '')), ''::tsvector)
      $fn$`);
    await q.query(`
      INSERT INTO message_search (message_id, search_open, search_funksjonsevne, search_medical)
      SELECT m.id, v.* FROM messages m, hub_search_vectors(m.tekst, m.funksjonsevne, m.medisinsk_vurdering, m.diagnose) v`);
    await q.query(`ALTER TABLE messages DROP COLUMN search_open, DROP COLUMN search_funksjonsevne, DROP COLUMN search_medical`);
    await q.query(`CREATE INDEX message_search_open ON message_search USING gin (search_open) WHERE search_open IS NOT NULL`);
    await q.query(
      `CREATE INDEX message_search_funksjonsevne ON message_search USING gin (search_funksjonsevne) WHERE search_funksjonsevne IS NOT NULL`,
    );
    await q.query(`CREATE INDEX message_search_medical ON message_search USING gin (search_medical) WHERE search_medical IS NOT NULL`);

    // No index: the indexer takes whatever rows are there, oldest pages first.
    await q.query(`CREATE TABLE search_queue (message_ids uuid[] NOT NULL)`);
    await q.query(`
      CREATE FUNCTION hub_queue_search() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO search_queue (message_ids) SELECT array_agg(n.id) FROM new_rows n HAVING count(*) > 0;
        ELSE
          INSERT INTO search_queue (message_ids)
          SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE (n.tekst, n.funksjonsevne, n.medisinsk_vurdering, n.diagnose) IS DISTINCT FROM (o.tekst, o.funksjonsevne, o.medisinsk_vurdering, o.diagnose)
          HAVING count(*) > 0;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER messages_queue_search_insert AFTER INSERT ON messages
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_queue_search()`);
    await q.query(`
      CREATE TRIGGER messages_queue_search_update AFTER UPDATE ON messages
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_queue_search()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER messages_queue_search_update ON messages`);
    await q.query(`DROP TRIGGER messages_queue_search_insert ON messages`);
    await q.query(`DROP FUNCTION hub_queue_search()`);
    await q.query(`DROP TABLE search_queue`);
    await q.query(`
      ALTER TABLE messages
        ADD COLUMN search_open tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', tekst)) STORED,
        ADD COLUMN search_funksjonsevne tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', coalesce(funksjonsevne, ''))) STORED,
        ADD COLUMN search_medical tsvector GENERATED ALWAYS AS (
          to_tsvector('norwegian', coalesce(medisinsk_vurdering, '') || ' ' || coalesce(jsonb_path_query_array(diagnose, '$[*].*')::text, ''))
        ) STORED`);
    await q.query(`CREATE INDEX messages_search_open ON messages USING gin (search_open)`);
    await q.query(`CREATE INDEX messages_search_funksjonsevne ON messages USING gin (search_funksjonsevne)`);
    await q.query(`CREATE INDEX messages_search_medical ON messages USING gin (search_medical)`);
    await q.query(`DROP TABLE message_search`);
    await q.query(`DROP FUNCTION hub_search_vectors(text, text, text, jsonb)`);
  }
}
