import { Inject, Injectable, Logger } from '@nestjs/common';
import { dueReminders, NewCaseEvent, roleOfSeat, SYKEPENGEAAR_WEEKS } from '@hub/domain';
import { calendarDay, Db, ReminderCase, TimelineRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../../common/clock';
import { HubConfig } from '../../config/config';
import { HUB_CONFIG } from '../../config/config.module';
import { CaseEventWriter } from '../../events/case-event-writer';
import { PeriodicJob } from '../../common/periodic-job';

const PAGE = 500;
// The last milestone (maksdato) falls at week 52; two weeks more lets a job that was down catch up on its OVERDUE reminder.
const FOLLOW_UP_DAYS = SYKEPENGEAAR_WEEKS * 7 + 14;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Sends the timeline reminders that are due (libs/domain `dueReminders`) as `timeline.reminder` events to the seats
 * that must act. Each reminder key is stored in the same transaction as its event, under a primary key, so a
 * reminder goes out once even when two runs or two hub nodes overlap. A role with no seat in the case yet gets its
 * reminder when a seat appears (then OVERDUE if the deadline has passed).
 */
@Injectable()
export class TimelineReminderJob extends PeriodicJob {
  private readonly log = new Logger('TimelineReminders');

  constructor(
    private readonly db: Db,
    private readonly writer: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.jobs.reminderIntervalSeconds;
  }

  protected async run(): Promise<number> {
    const now = this.clock.now();
    const repo = new TimelineRepository(this.db);
    let sent = 0;
    let failed = 0;
    for (let after = FIRST_ID; ;) {
      const page = await repo.reminderCases(now, FOLLOW_UP_DAYS, after, PAGE);
      for (const c of page) {
        try {
          sent += await this.remind(c, now);
        } catch (e) {
          // One case (e.g. deleted by retention meanwhile) must not stop the others; it is retried next run. Only the
          // PostgreSQL error code is logged: a message could quote row values.
          this.log.warn(`Timeline reminders: a case failed (${pgCode(e)})`);
          failed++;
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].caseId;
    }
    if (sent > 0 || failed > 0) this.log.log(`Timeline reminders: ${sent} sent, ${failed} case(s) failed`);
    return sent;
  }

  private async remind(c: ReminderCase, now: Date): Promise<number> {
    const due = dueReminders({ forsteSykedag: calendarDay(c.startDate), now, done: c.done, sent: c.sent })
      .map((r) => ({ r, audience: c.seats.filter((s) => roleOfSeat(s) === r.recipient).sort() }))
      .filter((x) => x.audience.length > 0);
    if (due.length === 0) return 0;
    const events = await this.writer.commit(async (tx) => {
      const fresh = new Set(
        await new TimelineRepository(tx).markSent(
          c.caseId,
          due.map((x) => x.r.key),
          now,
        ),
      );
      return due
        .filter((x) => fresh.has(x.r.key))
        .map(({ r, audience }): NewCaseEvent => ({
          caseId: c.caseId,
          type: 'timeline.reminder',
          threadId: null,
          refId: null,
          actorId: 'timeline',
          audience,
          payload: { milestone: r.milestone, kind: r.kind, recipient: r.recipient, dueAt: r.dueAt.toISOString() },
          at: now,
        }));
    });
    return events.length;
  }
}

function pgCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown';
}
