import { Injectable } from '@nestjs/common';
import { CaseEvent, NewCaseEvent } from '@hub/domain';
import { Db, EventRepository, Queryable } from '@hub/persistence';
import { CaseEventBus } from './case-event-bus';

/** Runs a change and stores the events it returns in the same transaction; publishes them only after the commit. */
@Injectable()
export class CaseEventWriter {
  constructor(
    private readonly db: Db,
    private readonly bus: CaseEventBus,
  ) {}

  async commit(work: (tx: Queryable) => Promise<NewCaseEvent[]>): Promise<CaseEvent[]> {
    const events = await this.db.transaction(async (tx) => new EventRepository(tx).append(await work(tx)));
    this.bus.publish(events);
    return events;
  }
}
