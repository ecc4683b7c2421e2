import { Invalid } from '../errors';
import type { Role } from '../roles';
import { addDays, requireDate, requireDateOnly, requireWholeNumber } from '../followup/dates';
import type { TimeWindow } from '../followup/sykefravaer-uke';
import { endOfWeek, svarBehovWindow } from '../followup/sykefravaer-uke';

export type MilestoneKey =
  'OPPFOLGINGSPLAN' | 'DIALOGMOTE_1' | 'AKTIVITETSKRAV' | 'MOTEBEHOV' | 'DIALOGMOTE_2' | 'VURDERING_39_UKER' | 'MAKSDATO';

export type MilestoneStatus = 'DONE' | 'UPCOMING' | 'DUE_SOON' | 'OVERDUE';

export interface MilestoneRule {
  key: MilestoneKey;
  /** Due at the end of this week (see `endOfWeek`). */
  week: number;
  /** Who has to do something by the due date; reminders go to these roles. */
  mustAct: readonly Role[];
  /** Who sees the milestone at all (allow-list; a role not listed never receives it). */
  concerns: readonly Role[];
}

const ALL: readonly Role[] = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'];

/** The legal deadlines of a case (DOMAIN.md, "Timeline of a case"). Order is chronological. */
export const MILESTONE_RULES: readonly MilestoneRule[] = [
  // Made by arbeidsgiver with the sykmeldt, then sent to the sykmelder, so the fastlege is concerned too.
  { key: 'OPPFOLGINGSPLAN', week: 4, mustAct: ['arbeidsgiver', 'sykmeldt'], concerns: ALL },
  // The behandler joins DM1 when the sykmeldt or arbeidsgiver asks for it, so the fastlege may be concerned.
  { key: 'DIALOGMOTE_1', week: 7, mustAct: ['arbeidsgiver'], concerns: ALL },
  // Not the arbeidsgiver: the outcome (oppfylt, unntak for medisinske grunner, forhåndsvarsel, stans) is between NAV and
  // the sykmeldt, and even a status could be a derived flag for a medical unntak (DOMAIN.md, taushetsplikt). The
  // sykmelder documents why the patient is not in activity at 8 weeks (ftrl § 8-7 fourth ledd), so the fastlege sees it.
  { key: 'AKTIVITETSKRAV', week: 8, mustAct: ['veileder'], concerns: ['sykmeldt', 'fastlege', 'veileder'] },
  // The veileder asks and handles; the parties answer inside the SVAR_BEHOV window, which `window` carries.
  { key: 'MOTEBEHOV', week: 16, mustAct: ['veileder'], concerns: ['sykmeldt', 'arbeidsgiver', 'veileder'] },
  // NAV convenes; an unntak (dialogmote/dm2-unntak.ts) counts as done. The behandler may be called in.
  { key: 'DIALOGMOTE_2', week: 26, mustAct: ['veileder'], concerns: ALL },
  // NAV's reassessment of the sykmeldt's rights (DM3 on demand, roughly weeks 35–50); a DM3 reaches the arbeidsgiver
  // through its own innkalling, not through this milestone.
  { key: 'VURDERING_39_UKER', week: 39, mustAct: ['veileder'], concerns: ['sykmeldt', 'veileder'] },
  // The arbeidsgiver's refusjon ends at maksdato, so it is concerned; the fastlege is not.
  { key: 'MAKSDATO', week: 52, mustAct: ['veileder'], concerns: ['sykmeldt', 'arbeidsgiver', 'veileder'] },
];

export interface Milestone extends MilestoneRule {
  dueAt: Date;
  /** Only MOTEBEHOV: the SVAR_BEHOV answer window. */
  window?: TimeWindow;
  status: MilestoneStatus;
}

export const DEFAULT_DUE_SOON_DAYS = 7;

export interface TimelineInput {
  forsteSykedag: Date;
  now: Date;
  /** Milestones already met. A DM2 unntak puts DIALOGMOTE_2 here. */
  done: readonly MilestoneKey[];
  /** NAV's computed maksdato (248 sykepengedager, ftrl § 8-12) replaces the week-52 estimate when known. */
  maksdato?: Date;
  dueSoonDays?: number;
}

/** The status of one due date at `now`; DUE_SOON from `dueSoonDays` before, OVERDUE from dueAt itself (exclusive end of the week). */
export function milestoneStatus(dueAt: Date, isDone: boolean, now: Date, dueSoonDays = DEFAULT_DUE_SOON_DAYS): MilestoneStatus {
  if (isDone) return 'DONE';
  if (now.getTime() >= dueAt.getTime()) return 'OVERDUE';
  if (now.getTime() >= addDays(dueAt, -dueSoonDays).getTime()) return 'DUE_SOON';
  return 'UPCOMING';
}

/** All milestones of a case with due dates and status at `now`, chronological. */
export function timeline(input: TimelineInput): Milestone[] {
  requireDateOnly('forsteSykedag', input.forsteSykedag);
  requireDate('now', input.now);
  const dueSoonDays = requireWholeNumber('dueSoonDays', input.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS, 0);
  if (input.maksdato !== undefined) {
    requireDateOnly('maksdato', input.maksdato);
    if (input.maksdato.getTime() <= input.forsteSykedag.getTime()) throw new Invalid('maksdato', 'afterForsteSykedag');
  }
  const done = new Set(input.done);
  return MILESTONE_RULES.map((rule) => {
    const dueAt = rule.key === 'MAKSDATO' && input.maksdato ? input.maksdato : endOfWeek(input.forsteSykedag, rule.week);
    const milestone: Milestone = { ...rule, dueAt, status: milestoneStatus(dueAt, done.has(rule.key), input.now, dueSoonDays) };
    if (rule.key === 'MOTEBEHOV') milestone.window = svarBehovWindow(input.forsteSykedag);
    return milestone;
  });
}

/** Only the milestones whose `concerns` name the role; nothing else reaches that role. */
export function milestonesFor(role: Role, milestones: readonly Milestone[]): Milestone[] {
  return milestones.filter((m) => m.concerns.includes(role));
}
