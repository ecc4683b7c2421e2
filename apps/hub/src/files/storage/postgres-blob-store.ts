import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Db, Queryable } from '@hub/persistence';
import type { BlobStore } from './blob-store';
import { claimBlob } from './blob-store';

/** Rows of at most this many bytes: a file is written and read one chunk at a time, never whole in memory. */
export const CHUNK_BYTES = 256 * 1024;

/** The embedded default: blobs in `file_blob_chunks`, committed with the message's files, deleted with their last file. */
export class PostgresBlobStore implements BlobStore {
  readonly backend = 'postgres' as const;

  constructor(private readonly db: Db) {}

  async put(tx: Queryable, sha256: string, sizeBytes: number, path: string): Promise<void> {
    if (!(await claimBlob(tx, sha256, sizeBytes, this.backend))) return;
    let n = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      await tx.query(`INSERT INTO file_blob_chunks (sha256, n, data) VALUES ($1, $2, $3)`, [sha256, n++, chunk as Buffer]);
    }
  }

  async open(sha256: string): Promise<Readable | undefined> {
    const exists = await this.db.query(`SELECT 1 FROM file_blobs WHERE sha256 = $1 AND backend = 'postgres'`, [sha256]);
    if (exists.length === 0) return undefined;
    const db = this.db;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let n = 0; ; n++) {
        const rows = await db.query<{ data: Buffer }>(`SELECT data FROM file_blob_chunks WHERE sha256 = $1 AND n = $2`, [sha256, n]);
        if (rows.length === 0) return;
        yield rows[0].data;
      }
    }
    return Readable.from(chunks());
  }

  sweep(): Promise<number> {
    // Chunks go with their blob row in the transaction that deletes its last file: nothing is left to sweep.
    return Promise.resolve(0);
  }
}
