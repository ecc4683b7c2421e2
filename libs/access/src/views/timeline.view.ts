import type { Milestone, MilestoneKey, MilestoneStatus, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { canRead } from './permitted';

export interface MilestoneView {
  key: MilestoneKey;
  week: number;
  dueAt: string;
  mustAct: Role[];
  status: MilestoneStatus;
  overdue: boolean;
  /** When a veileder marked it done; null while it is not. */
  doneAt: string | null;
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

/** The milestones this audience may read, each with the fields every reader gets; the others are left out. */
export function toTimelineView(
  ability: AppAbility,
  caseId: string,
  forsteSykedag: string,
  uke: number,
  milestones: readonly Milestone[],
  doneAt: ReadonlyMap<MilestoneKey, Date>,
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
        doneAt: doneAt.get(m.key)?.toISOString() ?? null,
      };
      if (m.window) v.window = { opensAt: m.window.opensAt.toISOString(), closesAt: m.window.closesAt.toISOString() };
      return v;
    });
  return { forsteSykedag, uke, milestones: views };
}
