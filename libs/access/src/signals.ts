import type { Seat } from '@hub/domain';
import type { CaseAccess } from './case-access';

export interface TypingSignal {
  /** The seat the typing is told as: one of the sender's seats that takes part in the thread. */
  seat: Seat;
  /** The seats that hear it: the thread's participants, nobody else. */
  to: Seat[];
}

/**
 * Typing is ephemeral and never stored: only a participant of the thread may signal it, and only the thread's
 * participants hear it. Undefined when the thread is unknown or none of the sender's seats takes part in it.
 */
export function typingSignal(access: CaseAccess | undefined, seats: readonly Seat[], threadId: string): TypingSignal | undefined {
  const thread = access?.threads.find((t) => t.id === threadId);
  const seat = seats.find((s) => thread?.participants.includes(s));
  return thread && seat ? { seat, to: [...thread.participants] } : undefined;
}

/**
 * Who is online in a case, as seats and never as persons: only a socket subscribed to the case may ask
 * (`asker` holds its seats there), and the answer joins the seats of every subscribed socket.
 */
export function onlineSeats(asker: readonly Seat[] | undefined, subscribed: Iterable<readonly Seat[] | undefined>): Seat[] | undefined {
  if (!asker) return undefined;
  const online = new Set<Seat>();
  for (const seats of subscribed) for (const seat of seats ?? []) online.add(seat);
  return [...online].sort();
}
