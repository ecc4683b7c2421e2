import { Conflict } from '../errors';
import type { Dialogmote } from './dialogmote';

export type DialogmoteStatus = 'INNKALT' | 'NYTT_TID_STED' | 'AVLYST' | 'FERDIGSTILT' | 'LUKKET';

// Only these moves exist. Any move not listed, including one to or from a status added later, is refused (409).
// NYTT_TID_STED → NYTT_TID_STED is a second change of time and place (STYLE.md §3).
export const DIALOGMOTE_MOVES: Record<DialogmoteStatus, readonly DialogmoteStatus[]> = {
  INNKALT: ['NYTT_TID_STED', 'AVLYST', 'FERDIGSTILT', 'LUKKET'],
  NYTT_TID_STED: ['NYTT_TID_STED', 'AVLYST', 'FERDIGSTILT', 'LUKKET'],
  AVLYST: ['LUKKET'],
  FERDIGSTILT: ['LUKKET'],
  LUKKET: [],
};

/** The møte is still to be held: svar and new time and place are possible only here. */
export const DIALOGMOTE_OPEN_STATUSES: readonly DialogmoteStatus[] = ['INNKALT', 'NYTT_TID_STED'];

export interface StatusChange {
  moteId: string;
  from: DialogmoteStatus;
  to: DialogmoteStatus;
  by: string;
  at: Date;
}

export function canChangeDialogmoteStatus(from: DialogmoteStatus, to: DialogmoteStatus): boolean {
  return DIALOGMOTE_MOVES[from].includes(to);
}

/** The one way a møte changes status: an allowed move gives the changed møte and its StatusChange; any other is a Conflict. */
export function changeStatus(mote: Dialogmote, to: DialogmoteStatus, by: string, at: Date): [Dialogmote, StatusChange] {
  if (!canChangeDialogmoteStatus(mote.status, to)) throw new Conflict(`Dialogmøte cannot go from ${mote.status} to ${to}`);
  return [
    { ...mote, status: to, updatedAt: at },
    { moteId: mote.id, from: mote.status, to, by, at },
  ];
}
