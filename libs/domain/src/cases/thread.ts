import type { Seat } from './case';

export interface Thread {
  id: string;
  caseId: string;
  subject: string;
  /** Seats taking part now; a removed seat no longer learns of the thread. */
  participants: Seat[];
  createdBy: string;
  createdAt: Date;
}
