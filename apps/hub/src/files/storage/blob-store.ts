import type { Readable } from 'node:stream';
import type { Queryable } from '@hub/persistence';

/** Where file bytes live, content-addressed by SHA-256: PostgreSQL by default, an S3-compatible store by configuration. */
export interface BlobStore {
  readonly backend: 'postgres' | 's3';
  /**
   * Stores the bytes of the local file `path` as the blob `sha256` unless it is stored already, recording it in
   * `file_blobs` within `tx`, the transaction that also inserts the files naming it: a file and its bytes commit together.
   */
  put(tx: Queryable, sha256: string, sizeBytes: number, path: string): Promise<void>;
  /** The blob's bytes as a stream, read a piece at a time; undefined when it is not stored. */
  open(sha256: string): Promise<Readable | undefined>;
  /** Removes blobs that no file refers to any more and that live outside PostgreSQL; returns how many went. */
  sweep(): Promise<number>;
}

export const BLOB_STORE = Symbol('BlobStore');

/**
 * Records the blob in `file_blobs` (or keeps the row there), locking it so a concurrent delete of its last file waits
 * for this transaction; true when the row is new, so the bytes must be written.
 */
export async function claimBlob(tx: Queryable, sha256: string, sizeBytes: number, backend: BlobStore['backend']): Promise<boolean> {
  // A queued removal of the same content is called off, and waits for a sweep already removing it.
  await tx.query(`DELETE FROM file_blob_orphans WHERE sha256 = $1`, [sha256]);
  const rows = await tx.query<{ inserted: boolean }>(
    `INSERT INTO file_blobs (sha256, size_bytes, backend) VALUES ($1, $2, $3)
     ON CONFLICT (sha256) DO UPDATE SET stored_at = file_blobs.stored_at RETURNING (xmax = 0) AS inserted`,
    [sha256, sizeBytes, backend],
  );
  return rows[0].inserted;
}
