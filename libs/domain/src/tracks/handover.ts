import { Invalid } from '../errors';
import type { Role } from '../roles';
import { DAY_MS, requireDate } from '../followup/dates';
import { requireText } from '../followup/text-rules';
import { ACTIVE_TASK_STATUSES } from './task-status';
import type { Track, TrackTask } from './tracks';
import { isTaskOverdue } from './tracks';

/** A request the case is still waiting on (e.g. an ubesvart forespørsel to the fastlege), supplied by the caller. */
export interface UnansweredRequest {
  id: string;
  tittel: string;
  mottaker: Role;
  sentAt: Date;
  traadId?: string;
}

export interface HandoverTask extends TrackTask {
  overdue: boolean;
}

export interface HandoverSummary {
  fraVeileder: string;
  tilVeileder: string;
  overforingsnotat: string;
  at: Date;
  /** Open tasks first (overdue first, then by frist), then closed ones newest first: the whole history goes along. */
  tasks: HandoverTask[];
  /** Longest waiting first, with whole days waited. */
  unansweredRequests: (UnansweredRequest & { ventetDager: number })[];
}

export const OVERFORINGSNOTAT_MIN = 10;
export const OVERFORINGSNOTAT_MAX = 4000;

export interface HandoverInput {
  tracks: readonly Track[];
  unansweredRequests: readonly UnansweredRequest[];
  overforingsnotat: string;
  fraVeileder: string;
  tilVeileder: string;
  now: Date;
}

/**
 * What a new veileder reads first. Handovers lose information (seeds/003), so the overføringsnotat is required
 * (at least a sentence, hence a minimum) and nothing is left out: closed tasks come after the open ones.
 */
export function handoverSummary(input: HandoverInput): HandoverSummary {
  requireDate('now', input.now);
  const notat = requireText('overforingsnotat', input.overforingsnotat, OVERFORINGSNOTAT_MAX);
  if (notat.length < OVERFORINGSNOTAT_MIN) throw new Invalid('overforingsnotat', 'minLength');
  const fra = requireText('fraVeileder', input.fraVeileder, 100);
  const til = requireText('tilVeileder', input.tilVeileder, 100);
  if (fra === til) throw new Invalid('tilVeileder', 'differentFromFraVeileder');

  const all: HandoverTask[] = input.tracks.flatMap((track) =>
    track.tasks.map((t) => ({ ...t, trackId: track.id, trackKind: track.kind, overdue: isTaskOverdue(t, input.now) })),
  );
  const open = all
    .filter((t) => ACTIVE_TASK_STATUSES.includes(t.status))
    // An overdue task's frist lies before every other open task's, so ordering by frist puts the overdue first.
    .sort((a, b) => a.frist.getTime() - b.frist.getTime() || a.id.localeCompare(b.id));
  const closed = all
    .filter((t) => !ACTIVE_TASK_STATUSES.includes(t.status))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));

  const unansweredRequests = [...input.unansweredRequests]
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.id.localeCompare(b.id))
    .map((r) => ({ ...r, ventetDager: Math.max(0, Math.floor((input.now.getTime() - r.sentAt.getTime()) / DAY_MS)) }));

  return { fraVeileder: fra, tilVeileder: til, overforingsnotat: notat, at: input.now, tasks: [...open, ...closed], unansweredRequests };
}
