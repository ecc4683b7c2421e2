import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { Db } from '@hub/persistence';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { ThreadsModule } from '../threads/threads.module';
import { FileSweepJob } from './file-sweep-job';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { BLOB_STORE, BlobStore } from './storage/blob-store';
import { PostgresBlobStore } from './storage/postgres-blob-store';
import { S3BlobStore } from './storage/s3-blob-store';

/** The storage chosen by FILE_STORAGE: PostgreSQL unless configured otherwise. */
function blobStore(db: Db, config: HubConfig): BlobStore {
  return config.files.storage === 's3' && config.files.s3 ? new S3BlobStore(db, config.files.s3) : new PostgresBlobStore(db);
}

@Module({
  imports: [AuditModule, ThreadsModule],
  controllers: [FilesController],
  providers: [FilesService, FileSweepJob, { provide: BLOB_STORE, useFactory: blobStore, inject: [Db, HUB_CONFIG] }],
  exports: [FilesService, FileSweepJob],
})
export class FilesModule {}
