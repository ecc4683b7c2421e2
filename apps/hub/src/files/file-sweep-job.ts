import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db, FileRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { PeriodicJob } from '../common/periodic-job';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { BLOB_STORE, BlobStore } from './storage/blob-store';

const PAGE = 500;
/** Past its expiry a pending upload gets this long before it goes, so a message sent at the last moment still finds it. */
const GRACE_MS = 60_000;

/** Deletes uploads no message named in time (their blobs go with the last file), then objects the S3 store no longer needs. */
@Injectable()
export class FileSweepJob extends PeriodicJob {
  private readonly log = new Logger('FileSweep');

  constructor(
    private readonly db: Db,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.files.jobIntervalSeconds;
  }

  protected async run(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.files.pendingSeconds * 1000 - GRACE_MS);
    let removed = 0;
    for (;;) {
      const n = await new FileRepository(this.db).deletePendingBefore(before, PAGE);
      removed += n;
      if (n < PAGE) break;
    }
    removed += await this.store.sweep();
    if (removed > 0) this.log.log(`Removed ${removed} unused files and blobs`);
    return removed;
  }
}
