import { Injectable } from '@nestjs/common';
import { Db, MessageRepository } from '@hub/persistence';
import { PeriodicJob } from '../common/periodic-job';

/** How often queued messages are indexed when nobody searches: the index trails the write by about this much. */
const INTERVAL_SECONDS = 0.5;

/**
 * Fills the search vectors off the write path (`message_search`): the write queues the ids of what it stored or
 * changed (a trigger, one row per statement), and this job computes the vectors and takes the rows off the queue, in
 * one statement per chunk; nodes take turns (an advisory lock per chunk's transaction). A search indexes what is
 * still queued first (`catchUp`), so it finds every message committed before it.
 */
@Injectable()
export class SearchIndexer extends PeriodicJob {
  constructor(private readonly db: Db) {
    super();
  }

  protected intervalSeconds(): number {
    return INTERVAL_SECONDS;
  }

  protected async run(): Promise<number> {
    let indexed = 0;
    for (;;) {
      const { claimed, messages } = await this.db.transaction((tx) => new MessageRepository(tx).indexQueued());
      indexed += messages;
      if (claimed === 0) return indexed;
    }
  }

  /** Before a search: whatever a run in progress has not taken is taken by a second one. */
  async catchUp(): Promise<void> {
    await this.runOnce();
    await this.runOnce();
  }
}
