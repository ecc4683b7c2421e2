import type { Milestone, MilestoneCause, MilestoneKey, MilestoneStatus, Role, Seat } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { canRead } from './permitted';

export interface MilestoneView {
  key: MilestoneKey;
  week: number;
  dueAt: string;
  mustAct: Role[];
  status: MilestoneStatus;
  overdue: boolean;
  /** When it was met (by an event or a veileder's mark); null while it is not. */
  doneAt: string | null;
  /** What met it, to those the meeting event reached (a mark by hand: to every reader). */
  metBy?: MilestoneCause;
  /** A mark by hand: the veileder's reason, to NAV and the sykmeldt only. */
  reason?: string;
  /** Only MOTEBEHOV: the SVAR_BEHOV answer window. */
  window?: { opensAt: string; closesAt: string };
}

export interface TimelineView {
  forsteSykedag: string;
  /** The week of the sick leave the case is in now (1-based; 0 before the first sick day). */
  uke: number;
  milestones: MilestoneView[];
}

/** The tag a milestone is checked under: who it concerns decides who reads it (abilities.ts). */
export function milestoneSubject(caseId: string, m: Pick<Milestone, 'key' | 'concerns'>): object {
  return { caseId, key: m.key, concerns: [...m.concerns] };
}

/** How a milestone was met, as the store keeps it. */
export interface MilestoneMark {
  doneAt: Date;
  cause: MilestoneCause;
  reason?: string;
  /** The seats the meeting event reached; undefined for a mark by hand. */
  causeAudience?: readonly Seat[];
}

/** What met the milestone, when this audience was told of the event that met it (or it was marked by hand). */
function seesCause(ability: AppAbility, caseId: string, mark: MilestoneMark): boolean {
  return mark.causeAudience === undefined || canRead(ability, 'Event', { caseId, threadId: null, audience: [...mark.causeAudience] });
}

/** The milestones this audience may read, each with the fields every reader gets; the others are left out. */
export function toTimelineView(
  ability: AppAbility,
  caseId: string,
  forsteSykedag: string,
  uke: number,
  milestones: readonly Milestone[],
  marks: ReadonlyMap<MilestoneKey, MilestoneMark>,
): TimelineView {
  const views = milestones
    .filter((m) => canRead(ability, 'Milestone', milestoneSubject(caseId, m)))
    .map((m): MilestoneView => {
      const v: MilestoneView = {
        key: m.key,
        week: m.week,
        dueAt: m.dueAt.toISOString(),
        mustAct: [...m.mustAct],
        status: m.status,
        overdue: m.status === 'OVERDUE',
        doneAt: marks.get(m.key)?.doneAt.toISOString() ?? null,
      };
      const mark = marks.get(m.key);
      if (mark && seesCause(ability, caseId, mark)) v.metBy = mark.cause;
      if (mark?.reason !== undefined && canRead(ability, 'MilestoneReason', { caseId })) v.reason = mark.reason;
      if (m.window) v.window = { opensAt: m.window.opensAt.toISOString(), closesAt: m.window.closesAt.toISOString() };
      return v;
    });
  return { forsteSykedag, uke, milestones: views };
}
