import type { Seat, Thread } from '@hub/domain';

export interface ThreadView {
  id: string;
  subject: string;
  participants: Seat[];
  createdAt: string;
}

/** Threads carry no classified content; whether one is shown at all is the ability's call. */
export function toThreadView(t: Thread): ThreadView {
  return { id: t.id, subject: t.subject, participants: [...t.participants], createdAt: t.createdAt.toISOString() };
}
