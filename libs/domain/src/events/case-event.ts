import type { Seat } from '../cases/case';

export const CASE_EVENT_TYPES = [
  'case.opened',
  'relation.added',
  'relation.ended',
  'case.handover',
  'consent.granted',
  'consent.revoked',
  'thread.created',
  'thread.participant_added',
  'thread.participant_removed',
  'message.created',
  'message.edited',
  'message.redacted',
  'receipt.read',
  'timeline.reminder',
  'timeline.milestone_done',
  'timeline.milestone_reopened',
  'track.created',
  'track.task_created',
  'track.task_status_changed',
  'case.sluttdato_set',
  'plan.version_created',
  'plan.commented',
  'plan.approved',
  'plan.shared',
  'dialogmote.innkalt',
  'dialogmote.status_changed',
  'dialogmote.svar',
  'dialogmote.referat',
  'dialogmote.dm2_unntak',
  'dialogmote.fastlege_ubesvart',
  'motebehov.submitted',
  'motebehov.behandlet',
  'dialogmelding.created',
  'dialogmelding.status_changed',
  'dialogmelding.ubesvart',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/**
 * One change to a case, numbered without gaps per case. Thread events are seen by the thread's participants;
 * the others name their `audience` seats. The payload holds only what names the change (ids, roles, orgnr):
 * content is rendered per audience from the current state when the event is read or delivered.
 */
export interface CaseEvent {
  caseId: string;
  seq: number;
  type: CaseEventType;
  threadId: string | null;
  refId: string | null;
  actorId: string;
  audience: Seat[] | null;
  payload: Record<string, string | number | boolean | null | string[]>;
  at: Date;
}

/** An event before the store gives it its sequence number. */
export type NewCaseEvent = Omit<CaseEvent, 'seq'>;
