import type { Case, Milestone, MilestoneKey, MilestoneStatus, Role, Seat, TrackKind } from '@hub/domain';
import { milestonesFor, milestoneStatus, overdueTasks } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { MAX_FIELDS } from '../fields';
import { nameFor } from '../names';
import { canRead, permitted } from './permitted';
import { milestoneSubject } from './timeline.view';
import type { TrackRecord } from './track.view';
import { taskSubject } from './track.view';

export interface CaseView {
  id?: string;
  startDate?: string;
  enhet?: string | null;
  sykmeldtFnr?: string;
  sykmeldtId?: string;
  /** The sykmeldt's display name, where this audience may see it (libs/access names.ts). */
  sykmeldtNavn?: string;
  createdAt?: string;
  lastSeq?: number;
}

export function toCaseView(ability: AppAbility, role: Role, c: Case): CaseView {
  const f = permitted(ability, 'Case', c, MAX_FIELDS.Case[role]);
  const v: CaseView = {};
  if (f.has('id')) v.id = c.id;
  if (f.has('startDate')) v.startDate = c.startDate;
  if (f.has('enhet')) v.enhet = c.enhet ?? null;
  if (f.has('sykmeldtFnr')) v.sykmeldtFnr = c.sykmeldtFnr;
  if (f.has('sykmeldtId')) v.sykmeldtId = c.sykmeldtId;
  const navn = nameFor(ability, 'sykmeldt', c.sykmeldtId);
  if (navn !== undefined) v.sykmeldtNavn = navn;
  if (f.has('createdAt')) v.createdAt = c.createdAt.toISOString();
  if (f.has('lastSeq')) v.lastSeq = c.lastSeq;
  return v;
}

/** The caller's next deadline in a case: an unmet milestone that concerns its role, or a task its seat owns. */
export type NextDeadlineView =
  | { kind: 'milestone'; key: MilestoneKey; dueAt: string; status: MilestoneStatus }
  | { kind: 'task'; taskId: string; trackKind: TrackKind; tittel: string; dueAt: string; status: MilestoneStatus };

export interface CaseListEntryView extends CaseView {
  /** Absent when nothing is due for the caller any more. */
  nextDeadline?: NextDeadlineView;
  /** Active tasks owned by the caller's seat(s) whose frist has passed. */
  overdueTasks: number;
}

/**
 * One row of the caller's case list (issue 16): the case, the next deadline that is the caller's own and how many of
 * its own tasks are overdue. Milestones are those `milestonesFor` the caller's role that its ability reads; tasks are
 * those its seats own and may read, so no one learns of another party's work from a count.
 */
export function toCaseListEntryView(
  ability: AppAbility,
  role: Role,
  seats: readonly Seat[],
  c: Case,
  milestones: readonly Milestone[],
  tracks: readonly TrackRecord[],
  now: Date,
): CaseListEntryView {
  const mine = tracks.map((t) => ({
    ...t,
    tasks: t.tasks.filter((k) => seats.includes(k.eierSeat) && canRead(ability, 'TrackTask', taskSubject(k, t.kind))),
  }));
  const candidates: NextDeadlineView[] = milestonesFor(role, milestones)
    .filter((m) => m.status !== 'DONE' && canRead(ability, 'Milestone', milestoneSubject(c.id, m)))
    .map((m) => ({ kind: 'milestone', key: m.key, dueAt: m.dueAt.toISOString(), status: m.status }));
  for (const t of mine)
    for (const k of t.tasks)
      if (k.status === 'APEN' || k.status === 'PAGAR')
        candidates.push({
          kind: 'task',
          taskId: k.id,
          trackKind: t.kind,
          tittel: k.tittel,
          dueAt: k.frist.toISOString(),
          status: milestoneStatus(k.frist, false, now),
        });
  candidates.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const view: CaseListEntryView = { ...toCaseView(ability, role, c), overdueTasks: overdueTasks(mine, now).length };
  if (candidates[0]) view.nextDeadline = candidates[0];
  return view;
}
