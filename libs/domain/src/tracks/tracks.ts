import { Forbidden, NotFound } from '../errors';
import type { Actor, Role } from '../roles';
import { requireDate } from '../followup/dates';
import { optionalText, requireText } from '../followup/text-rules';
import type { TaskStatus } from './task-status';
import { ACTIVE_TASK_STATUSES, requireTaskMove } from './task-status';

/** The parallelle løp a veileder runs on one case (DOMAIN.md; seeds/003). */
export type TrackKind = 'RETUR_ARBEID' | 'MEDISINSK_BEHANDLING' | 'TILTAK' | 'AAP_VURDERING';

export interface Task {
  id: string;
  tittel: string;
  /** The role expected to do it; the veileder follows it up. */
  eier: Role;
  /** The instant by which it should be done; overdue after it. */
  frist: Date;
  status: TaskStatus;
  traadId?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Track {
  id: string;
  kind: TrackKind;
  createdAt: Date;
  tasks: readonly Task[];
}

export interface TaskStatusChange {
  trackId: string;
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
  by: string;
  at: Date;
}

export const TASK_TITTEL_MAX = 200;
export const THREAD_ID_MAX = 100;

/** Tracks are the veileder's tool: only a veileder opens one. */
export function createTrack(id: string, kind: TrackKind, by: Actor, at: Date): Track {
  if (by.role !== 'veileder') throw new Forbidden();
  return { id, kind, createdAt: at, tasks: [] };
}

export interface AddTaskInput {
  id: string;
  tittel: string;
  eier: Role;
  frist: Date;
  traadId?: string;
}

/** A veileder adds an APEN task with owner and frist, optionally tied to the thread where it is discussed. */
export function addTask(track: Track, input: AddTaskInput, by: Actor, at: Date): Track {
  if (by.role !== 'veileder') throw new Forbidden();
  const traadId = optionalText('traadId', input.traadId, THREAD_ID_MAX);
  const task: Task = {
    id: input.id,
    tittel: requireText('tittel', input.tittel, TASK_TITTEL_MAX),
    eier: input.eier,
    frist: requireDate('frist', input.frist),
    status: 'APEN',
    createdAt: at,
    updatedAt: at,
    ...(traadId ? { traadId } : {}),
  };
  return { ...track, tasks: [...track.tasks, task] };
}

/**
 * Moves one task along TASK_MOVES (409 otherwise). The veileder or the task's owner may move it; an unknown task id
 * is "not found", like any id the caller cannot see.
 */
export function changeTaskStatus(track: Track, taskId: string, to: TaskStatus, by: Actor, at: Date): [Track, TaskStatusChange] {
  const task = track.tasks.find((t) => t.id === taskId);
  if (!task) throw new NotFound();
  if (by.role !== 'veileder' && by.role !== task.eier) throw new Forbidden();
  requireTaskMove(task.status, to);
  const moved: Task = { ...task, status: to, updatedAt: at };
  return [
    { ...track, tasks: track.tasks.map((t) => (t.id === taskId ? moved : t)) },
    { trackId: track.id, taskId, from: task.status, to, by: by.sub, at },
  ];
}

export function isTaskOverdue(task: Task, now: Date): boolean {
  return ACTIVE_TASK_STATUSES.includes(task.status) && now.getTime() > task.frist.getTime();
}

export interface TrackTask extends Task {
  trackId: string;
  trackKind: TrackKind;
}

/** Active tasks past their frist at `now`, across tracks, oldest frist first. */
export function overdueTasks(tracks: readonly Track[], now: Date): TrackTask[] {
  return tracks
    .flatMap((track) => track.tasks.map((t): TrackTask => ({ ...t, trackId: track.id, trackKind: track.kind })))
    .filter((t) => isTaskOverdue(t, now))
    .sort(byFrist);
}

function byFrist(a: Task, b: Task): number {
  return a.frist.getTime() - b.frist.getTime() || a.id.localeCompare(b.id);
}
