import { Inject, Injectable } from '@nestjs/common';
import { Actor, Conflict, Forbidden, MILESTONE_RULES, MilestoneKey, NewCaseEvent, timeline, weekOf } from '@hub/domain';
import { milestoneSubject, tagged, TimelineView, toTimelineView } from '@hub/access';
import { AuditRepository, calendarDay, Db, TimelineRepository } from '@hub/persistence';
import { CaseAccessService } from '../../access/case-access.service';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { readersOf } from './seat-audience';

/**
 * The legal deadlines of a case from its first sick day (libs/domain timeline). A milestone is met by the event that
 * meets it (libs/domain `milestoneMetBy`, marked by the event writer in the event's transaction), or by a veileder's
 * mark by hand with a reason, for what happens outside the hub.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly writer: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(actor: Actor, caseId: string): Promise<TimelineView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    const marks = await new TimelineRepository(this.db).marks(caseId);
    const now = this.clock.now();
    const forsteSykedag = calendarDay(access.case.startDate);
    const milestones = timeline({ forsteSykedag, now, done: marks.map((m) => m.milestone) });
    const view = toTimelineView(
      ability,
      caseId,
      access.case.startDate,
      weekOf(forsteSykedag, now),
      milestones,
      new Map(marks.map((m) => [m.milestone, m])),
    );
    await this.audit.permit(actor, { caseId, subjectType: 'Milestone', subjectIds: view.milestones.map((m) => m.key) });
    return view;
  }

  /** A veileder records, with a reason, that a milestone has been met; it then gets no more reminders. Twice is a conflict. */
  async markDone(actor: Actor, caseId: string, key: MilestoneKey, reason: string): Promise<TimelineView> {
    await this.change(actor, caseId, key, 'timeline.milestone_done', async (repo, now) => {
      if (!(await repo.insertMark({ caseId, milestone: key, doneAt: now, doneBy: actor.sub, cause: 'MANUELL', reason })))
        throw new Conflict('The milestone is already marked done');
    });
    return this.get(actor, caseId);
  }

  /** Undoes a mark set by mistake; reminders already sent stay sent. */
  async reopen(actor: Actor, caseId: string, key: MilestoneKey): Promise<TimelineView> {
    await this.change(actor, caseId, key, 'timeline.milestone_reopened', async (repo) => {
      if (!(await repo.deleteMark(caseId, key))) throw new Conflict('The milestone is not marked done');
    });
    return this.get(actor, caseId);
  }

  private async change(
    actor: Actor,
    caseId: string,
    key: MilestoneKey,
    type: 'timeline.milestone_done' | 'timeline.milestone_reopened',
    apply: (repo: TimelineRepository, now: Date) => Promise<void>,
  ): Promise<void> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    const rule = MILESTONE_RULES.find((r) => r.key === key)!;
    if (!ability.can('update', tagged('Milestone', milestoneSubject(caseId, rule))))
      throw new Forbidden('Only the veileder marks milestones');
    const now = this.clock.now();
    const audience = readersOf(this.access, access, 'Milestone', milestoneSubject(caseId, rule));
    await this.writer.commit(async (tx) => {
      await apply(new TimelineRepository(tx), now);
      // A mark by hand stands in for an event the hub did not see: who set or undid it is in the sykmeldt's innsyn.
      await new AuditRepository(tx).insertMany([
        {
          at: now,
          actorId: actor.sub,
          actorRole: actor.role,
          caseId,
          action: type === 'timeline.milestone_done' ? 'mark_done' : 'reopen',
          subjectType: 'Milestone',
          subjectIds: [key],
          decision: 'permit',
          channel: 'rest',
        },
      ]);
      const event: NewCaseEvent = {
        caseId,
        type,
        threadId: null,
        refId: null,
        actorId: actor.sub,
        audience,
        payload: { milestone: key },
        at: now,
      };
      return [event];
    });
  }
}
