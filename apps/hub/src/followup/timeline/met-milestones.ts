import type { NewCaseEvent } from '@hub/domain';
import { MILESTONE_RULES, milestoneMetBy, roleOfSeat } from '@hub/domain';
import type { Queryable } from '@hub/persistence';
import { TimelineRepository } from '@hub/persistence';

/**
 * Marks the milestones the events of one change meet (libs/domain `milestoneMetBy`), in the change's own transaction,
 * and returns a `timeline.milestone_done` event for each one newly met. A milestone already met (by hand or by an
 * earlier event) keeps its first mark. The mark remembers the seats the meeting event reached: only they are told
 * what met it (a fastlege not called to DM1 sees "met", not "DM1 held").
 */
export async function markMetMilestones(tx: Queryable, events: readonly NewCaseEvent[]): Promise<NewCaseEvent[]> {
  const done: NewCaseEvent[] = [];
  for (const e of events) {
    const met = milestoneMetBy(e);
    if (!met) continue;
    const repo = new TimelineRepository(tx);
    const fresh = await repo.insertMark({
      caseId: e.caseId,
      milestone: met.key,
      doneAt: e.at,
      doneBy: e.actorId,
      cause: met.cause,
      ...(met.refId ? { refId: met.refId } : {}),
      causeAudience: e.audience ?? [],
    });
    if (!fresh) continue;
    const concerns = MILESTONE_RULES.find((r) => r.key === met.key)!.concerns;
    const audience = (await repo.seatsInCase(e.caseId)).filter((s) => concerns.includes(roleOfSeat(s)));
    done.push({
      caseId: e.caseId,
      type: 'timeline.milestone_done',
      threadId: null,
      refId: null,
      actorId: e.actorId,
      audience,
      payload: { milestone: met.key },
      at: e.at,
    });
  }
  return done;
}
