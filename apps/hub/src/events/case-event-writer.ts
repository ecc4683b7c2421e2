import { Injectable } from '@nestjs/common';
import { CaseEvent, Message, NewCaseEvent } from '@hub/domain';
import { Db, EventRepository, Queryable } from '@hub/persistence';
import { markMetMilestones } from '../followup/timeline/met-milestones';
import { CaseEventBus } from './case-event-bus';

/**
 * Runs a change and stores the events it returns in the same transaction; publishes them only after the commit. Every
 * change passes here, so a milestone an event meets is marked with it, whichever service or job made the event.
 */
@Injectable()
export class CaseEventWriter {
  constructor(
    private readonly db: Db,
    private readonly bus: CaseEventBus,
  ) {}

  /** `messages`: the messages as they stand after the change, so fan-out need not read them back. */
  async commit(work: (tx: Queryable) => Promise<NewCaseEvent[]>, messages: readonly Message[] = []): Promise<CaseEvent[]> {
    const events = await this.db.transaction(async (tx) => {
      const made = await work(tx);
      return new EventRepository(tx).append([...made, ...(await markMetMilestones(tx, made))]);
    });
    this.bus.publish(events, messages);
    return events;
  }
}
