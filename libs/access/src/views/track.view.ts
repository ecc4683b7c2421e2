import type { Seat, Task, TaskStatus, TrackKind } from '@hub/domain';
import { isTaskOverdue } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { canRead } from './permitted';

/** A task as the views read it: the domain task with its track, case and owning seat. */
export interface TaskRecord extends Task {
  caseId: string;
  trackId: string;
  eierSeat: Seat;
}

export interface TrackRecord {
  id: string;
  caseId: string;
  kind: TrackKind;
  createdAt: Date;
  tasks: readonly TaskRecord[];
}

export interface TaskView {
  id: string;
  trackId: string;
  trackKind: TrackKind;
  tittel: string;
  /** The owning seat: sykmeldt, fastlege, veileder or arbeidsgiver:<orgnr>. */
  eier: Seat;
  /** True when the caller holds the owning seat. */
  egen: boolean;
  frist: string;
  status: TaskStatus;
  overdue: boolean;
  /** The thread where it is discussed, only when the caller takes part in that thread. */
  traadId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface TrackView {
  id: string;
  kind: TrackKind;
  createdAt: string;
  tasks: TaskView[];
}

/** What the audience sees around a task: the time, its own seats and the threads it may read. */
export interface TaskViewContext {
  now: Date;
  seats: readonly Seat[];
  readableThreadIds: ReadonlySet<string>;
}

/** The tag a task is checked under (abilities.ts: the track's kind and the owning seat decide). */
export function taskSubject(t: Pick<TaskRecord, 'caseId' | 'trackId' | 'eierSeat'>, trackKind: TrackKind): object {
  return { caseId: t.caseId, trackId: t.trackId, trackKind, eier: t.eierSeat };
}

/** The task for this audience, or undefined when it may not read it (then it is left out, not hinted at). */
export function toTaskView(ability: AppAbility, t: TaskRecord, trackKind: TrackKind, ctx: TaskViewContext): TaskView | undefined {
  if (!canRead(ability, 'TrackTask', taskSubject(t, trackKind))) return undefined;
  const v: TaskView = {
    id: t.id,
    trackId: t.trackId,
    trackKind,
    tittel: t.tittel,
    eier: t.eierSeat,
    egen: ctx.seats.includes(t.eierSeat),
    frist: t.frist.toISOString(),
    status: t.status,
    overdue: isTaskOverdue(t, ctx.now),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
  if (t.traadId !== undefined && ctx.readableThreadIds.has(t.traadId)) v.traadId = t.traadId;
  return v;
}

/**
 * The track with the tasks this audience may read. A track the audience may not read itself is still shown when
 * one of its tasks is (the task names the track's kind anyway); otherwise it is left out.
 */
export function toTrackView(ability: AppAbility, track: TrackRecord, ctx: TaskViewContext): TrackView | undefined {
  const tasks = track.tasks.flatMap((t) => toTaskView(ability, t, track.kind, ctx) ?? []);
  if (tasks.length === 0 && !canRead(ability, 'Track', { caseId: track.caseId, id: track.id, kind: track.kind })) return undefined;
  return { id: track.id, kind: track.kind, createdAt: track.createdAt.toISOString(), tasks };
}
