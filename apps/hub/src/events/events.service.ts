import { Injectable } from '@nestjs/common';
import { Actor, CaseEvent, Message, Role } from '@hub/domain';
import { AppAbility, EventView, isMessageEvent, toEventView } from '@hub/access';
import { Db, EventRepository, MessageRepository } from '@hub/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';

export interface EventPage {
  events: EventView[];
  /** Pass as `after` to continue; it moves past events this caller may not see, so none is asked for twice. */
  next: number;
  lastSeq: number;
  hasMore: boolean;
}

@Injectable()
export class EventsService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Catch-up after `after`: every event the caller may see, in order, one page at a time. */
  async after(actor: Actor, caseId: string, after: number, limit: number): Promise<EventPage> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    const events = await new EventRepository(this.db).after(caseId, after, limit);
    const views = await this.render(ability, actor.role, events);
    const next = events.length > 0 ? events[events.length - 1].seq : after;
    const delivered = views.flatMap((v) => (v.message?.id ? [v.message.id] : []));
    await this.audit.permit(actor, { caseId, subjectType: 'Event', subjectIds: views.map((v) => String(v.seq)), action: 'catch-up' });
    if (delivered.length) await this.audit.permit(actor, { caseId, subjectType: 'Message', subjectIds: delivered, action: 'deliver' });
    return { events: views, next, lastSeq: Math.max(access.case.lastSeq, next), hasMore: next < access.case.lastSeq };
  }

  /** Renders events for one audience, loading the messages they refer to in one query. */
  async render(ability: AppAbility, role: Role, events: readonly CaseEvent[], known?: ReadonlyMap<string, Message>): Promise<EventView[]> {
    const messages = new Map(known ?? []);
    const missing = [...new Set(events.filter((e) => isMessageEvent(e.type) && e.refId && !messages.has(e.refId)).map((e) => e.refId!))];
    for (const m of await new MessageRepository(this.db).findMany(missing)) messages.set(m.id, m);
    return events.flatMap((e) => toEventView(ability, role, e, messages) ?? []);
  }
}
