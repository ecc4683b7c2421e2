import type { Role, TrackKind, UnansweredRequest } from '@hub/domain';
import type { AppAbility } from '../abilities';
import type { TaskRecord, TaskView, TaskViewContext } from './track.view';
import { toTaskView } from './track.view';

export interface UnansweredRequestView {
  id: string;
  tittel: string;
  mottaker: Role;
  sentAt: string;
  ventetDager: number;
  traadId?: string;
}

/** What the veileder taking over reads first (only the veileder may read it, abilities.ts `HandoverSummary`). */
export interface HandoverSummaryView {
  /** The latest handover's overføringsnotat; null when the case was never handed over. */
  overforingsnotat: string | null;
  fraVeileder: string | null;
  tilVeileder: string | null;
  at: string | null;
  /** Open tasks first (overdue first, then by frist), then the closed ones, newest first. */
  tasks: TaskView[];
  /** Longest waiting first. */
  unansweredRequests: UnansweredRequestView[];
}

export interface HandoverNote {
  notat: string;
  fromId: string;
  toId: string;
  at: Date;
}

/** The summary in the order given; each task still passes the reader's TrackTask rule. */
export function toHandoverSummaryView(
  ability: AppAbility,
  handover: HandoverNote | undefined,
  tasks: readonly { task: TaskRecord; trackKind: TrackKind }[],
  requests: readonly (UnansweredRequest & { ventetDager: number })[],
  ctx: TaskViewContext,
): HandoverSummaryView {
  return {
    overforingsnotat: handover?.notat ?? null,
    fraVeileder: handover?.fromId ?? null,
    tilVeileder: handover?.toId ?? null,
    at: handover?.at.toISOString() ?? null,
    tasks: tasks.flatMap(({ task, trackKind }) => toTaskView(ability, task, trackKind, ctx) ?? []),
    unansweredRequests: requests.map((r) => {
      const v: UnansweredRequestView = {
        id: r.id,
        tittel: r.tittel,
        mottaker: r.mottaker,
        sentAt: r.sentAt.toISOString(),
        ventetDager: r.ventetDager,
      };
      if (r.traadId !== undefined && ctx.readableThreadIds.has(r.traadId)) v.traadId = r.traadId;
      return v;
    }),
  };
}
