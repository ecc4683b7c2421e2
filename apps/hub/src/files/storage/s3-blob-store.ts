import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Db, Queryable } from '@hub/persistence';
import type { HubConfig } from '../../config/config';
import type { BlobStore } from './blob-store';
import { claimBlob } from './blob-store';

type S3Config = NonNullable<HubConfig['files']['s3']>;

/**
 * Blobs as objects `blobs/<sha256>` in an S3-compatible store (MinIO in docker/compose.yaml). The object is written
 * inside the transaction that records it, so a failed write stores no file; an object whose last file is deleted is
 * queued by the database and removed by `sweep`.
 */
export class S3BlobStore implements BlobStore {
  readonly backend = 's3' as const;
  private readonly s3: S3Client;

  constructor(
    private readonly db: Db,
    private readonly config: S3Config,
  ) {
    this.s3 = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      // Plain signed PUTs with a known length: what every S3-compatible store accepts, without aws-chunked trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    return `blobs/${sha256}`;
  }

  async put(tx: Queryable, sha256: string, sizeBytes: number, path: string): Promise<void> {
    if (!(await claimBlob(tx, sha256, sizeBytes, this.backend))) return;
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256), Body: createReadStream(path), ContentLength: sizeBytes }),
    );
  }

  async open(sha256: string): Promise<Readable | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256) }));
      return out.Body instanceof Readable ? out.Body : undefined;
    } catch (e) {
      if (e instanceof NoSuchKey) return undefined;
      throw e;
    }
  }

  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        // The row stays locked until the object is gone, so an upload of the same content waits (claimBlob).
        const rows = await tx.query<{ sha256: string }>(
          `DELETE FROM file_blob_orphans WHERE sha256 = (SELECT o.sha256 FROM file_blob_orphans o
             WHERE NOT EXISTS (SELECT 1 FROM file_blobs b WHERE b.sha256 = o.sha256) LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING sha256`,
        );
        if (rows.length === 0) return true;
        await this.s3.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.key(rows[0].sha256) }));
        return false;
      });
      if (done) return removed;
      removed++;
    }
  }
}
