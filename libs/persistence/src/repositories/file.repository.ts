import type { Classification } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optStr } from '../db';

/** One stored upload: where it belongs, what it is (type sniffed from its bytes) and how it is classified. */
export interface StoredFile {
  id: string;
  caseId: string;
  threadId: string;
  /** Undefined while pending: uploaded, not yet named by a message. */
  messageId?: string;
  sha256: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  classification: Classification;
  uploadedBy: string;
  scanned: boolean;
  createdAt: Date;
}

const COLS = `id, case_id, thread_id, message_id, sha256, filename, mime_type, size_bytes, classification, uploaded_by, scanned, created_at`;

function toFile(r: Row): StoredFile {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    threadId: String(r.thread_id),
    messageId: optStr(r.message_id),
    sha256: String(r.sha256),
    filename: String(r.filename),
    mimeType: String(r.mime_type),
    sizeBytes: Number(r.size_bytes),
    classification: r.classification as Classification,
    uploadedBy: String(r.uploaded_by),
    scanned: r.scanned === true,
    createdAt: date(r.created_at),
  };
}

/** The `files` rows; their blobs are the storage's (apps/hub/src/files/storage). */
export class FileRepository {
  constructor(private readonly db: Queryable) {}

  async insert(files: readonly StoredFile[]): Promise<void> {
    if (files.length === 0) return;
    const params: unknown[] = [];
    const tuples = files.map((f) => {
      const base = params.length;
      params.push(
        f.id,
        f.caseId,
        f.threadId,
        f.messageId ?? null,
        f.sha256,
        f.filename,
        f.mimeType,
        f.sizeBytes,
        f.classification,
        f.uploadedBy,
        f.scanned,
        f.createdAt,
      );
      return `(${Array.from({ length: 12 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await this.db.query(`INSERT INTO files (${COLS}) VALUES ${tuples.join(', ')}`, params);
  }

  async find(caseId: string, threadId: string, id: string): Promise<StoredFile | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLS} FROM files WHERE id = $1 AND case_id = $2 AND thread_id = $3`, [
      id,
      caseId,
      threadId,
    ]);
    return rows[0] ? toFile(rows[0]) : undefined;
  }

  async findMany(ids: readonly string[]): Promise<StoredFile[]> {
    if (ids.length === 0) return [];
    return (await this.db.query<Row>(`SELECT ${COLS} FROM files WHERE id = ANY($1::uuid[])`, [ids])).map(toFile);
  }

  async ofMessage(messageId: string): Promise<StoredFile[]> {
    return (await this.db.query<Row>(`SELECT ${COLS} FROM files WHERE message_id = $1 ORDER BY created_at, id`, [messageId])).map(toFile);
  }

  /** A retraction takes the message's files with it (their blobs go when no other file refers to them). */
  async deleteOfMessage(messageId: string): Promise<number> {
    return (await this.db.query<Row>(`DELETE FROM files WHERE message_id = $1 RETURNING id`, [messageId])).length;
  }

  /** Pending uploads no message named before `before`. */
  async deletePendingBefore(before: Date, limit: number): Promise<number> {
    const rows = await this.db.query<Row>(
      `DELETE FROM files WHERE id IN (SELECT id FROM files WHERE message_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [before, limit],
    );
    return rows.length;
  }
}
