import { Conflict } from '../errors';

export type TaskStatus = 'APEN' | 'PAGAR' | 'FERDIG' | 'AVBRUTT';

// Only these moves exist; FERDIG and AVBRUTT are final, a new need is a new task so the history stays as it happened.
// PAGAR → APEN hands a started task back (e.g. the owner is away).
export const TASK_MOVES: Record<TaskStatus, readonly TaskStatus[]> = {
  APEN: ['PAGAR', 'FERDIG', 'AVBRUTT'],
  PAGAR: ['APEN', 'FERDIG', 'AVBRUTT'],
  FERDIG: [],
  AVBRUTT: [],
};

export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = ['APEN', 'PAGAR'];

/** Refuses, as a Conflict, any move the table does not list. */
export function requireTaskMove(from: TaskStatus, to: TaskStatus): void {
  if (!TASK_MOVES[from].includes(to)) throw new Conflict(`Task cannot go from ${from} to ${to}`);
}
