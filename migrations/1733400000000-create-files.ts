import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments as real files (issue 18).
 *
 * - `file_blobs`: content addressed by its SHA-256, stored once however many files share it. With the PostgreSQL
 *   store its bytes are `file_blob_chunks` of at most 256 KiB, written and read one chunk at a time so no file is ever
 *   whole in memory; with the S3 store the row only records that the object exists.
 * - `files`: one upload, in one case and thread, with its classification and the type sniffed from its bytes. It is
 *   pending (`message_id` null) until a message names it in `attachments`; a row trigger on `messages` then links it
 *   in the message's own transaction, and refuses the message if a named file is not this thread's pending file.
 * - Deleting a file (retention's delete of the case cascades here, as does a retraction) deletes its blob in the same
 *   transaction once no file refers to it; an S3 object is queued in `file_blob_orphans` for the sweep to remove.
 */
export class CreateFiles1733400000000 implements MigrationInterface {
  name = 'CreateFiles1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_blobs (
        sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes  bigint NOT NULL,
        backend     text NOT NULL CHECK (backend IN ('postgres', 's3')),
        stored_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE file_blob_chunks (
        sha256  text NOT NULL REFERENCES file_blobs (sha256) ON DELETE CASCADE,
        n       int NOT NULL,
        data    bytea NOT NULL,
        PRIMARY KEY (sha256, n)
      )`);
    await q.query(`CREATE TABLE file_blob_orphans (sha256 text PRIMARY KEY, queued_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE TABLE files (
        id              uuid PRIMARY KEY,
        case_id         uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        -- No key to threads: an inbound vedlegg is stored just before the transaction that may create its thread.
        thread_id       uuid NOT NULL,
        message_id      uuid REFERENCES messages (id) ON DELETE CASCADE,
        -- Cascades only formally: a blob row goes (hub_release_file_blob) once no file refers to it.
        sha256          text NOT NULL REFERENCES file_blobs (sha256) ON DELETE CASCADE,
        filename        text NOT NULL,
        mime_type       text NOT NULL,
        size_bytes      bigint NOT NULL,
        classification  text NOT NULL CHECK (classification IN ('open', 'health', 'medical')),
        uploaded_by     text NOT NULL,
        scanned         boolean NOT NULL,
        created_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX files_message ON files (message_id) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE INDEX files_pending ON files (created_at) WHERE message_id IS NULL`);
    await q.query(`CREATE INDEX files_sha256 ON files (sha256)`);

    await q.query(`
      CREATE FUNCTION hub_link_message_files() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        wanted int;
        linked int;
      BEGIN
        SELECT count(DISTINCT a->>'id') INTO wanted FROM jsonb_array_elements(NEW.attachments) a;
        UPDATE files f SET message_id = NEW.id
         WHERE f.id IN (SELECT (a->>'id')::uuid FROM jsonb_array_elements(NEW.attachments) a)
           AND f.message_id IS NULL AND f.case_id = NEW.case_id AND f.thread_id = NEW.thread_id;
        SELECT count(*) INTO linked FROM files f
         WHERE f.message_id = NEW.id AND f.id IN (SELECT (a->>'id')::uuid FROM jsonb_array_elements(NEW.attachments) a);
        IF linked <> wanted THEN
          RAISE EXCEPTION 'a message names a file that is not a pending file of its thread' USING ERRCODE = 'P0418';
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER messages_link_files AFTER INSERT ON messages
        FOR EACH ROW WHEN (NEW.attachments <> '[]'::jsonb) EXECUTE FUNCTION hub_link_message_files()`);

    await q.query(`
      CREATE FUNCTION hub_release_file_blob() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM files WHERE sha256 = OLD.sha256) THEN
          INSERT INTO file_blob_orphans (sha256)
            SELECT sha256 FROM file_blobs WHERE sha256 = OLD.sha256 AND backend = 's3' ON CONFLICT DO NOTHING;
          DELETE FROM file_blobs WHERE sha256 = OLD.sha256;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER files_release_blob AFTER DELETE ON files FOR EACH ROW EXECUTE FUNCTION hub_release_file_blob()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER messages_link_files ON messages`);
    await q.query(`DROP FUNCTION hub_link_message_files()`);
    await q.query(`DROP TABLE files`);
    await q.query(`DROP FUNCTION hub_release_file_blob()`);
    await q.query(`DROP TABLE file_blob_orphans`);
    await q.query(`DROP TABLE file_blob_chunks`);
    await q.query(`DROP TABLE file_blobs`);
  }
}
