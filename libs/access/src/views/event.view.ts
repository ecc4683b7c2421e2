import type { CaseEvent, CaseEventType, Message, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { type MessageView, seesVersion, toMessageView } from './message.view';
import { canRead } from './permitted';

export interface EventView {
  seq: number;
  type: CaseEventType;
  at: string;
  threadId?: string;
  message?: MessageView;
  data?: Record<string, string | number | boolean | null | string[]>;
}

/**
 * The payload keys each event type may carry out. Payloads are written by our own services and name the
 * change (ids, roles, seats); content is never in them, it is rendered from the message through its view.
 */
const DATA_KEYS: Record<CaseEventType, readonly string[]> = {
  'case.opened': ['startDate'],
  'relation.added': ['relationId', 'role', 'partyId', 'orgnr'],
  'relation.ended': ['relationId', 'role', 'partyId', 'orgnr', 'reason'],
  'case.handover': ['fromId', 'toId'],
  'consent.granted': ['orgnr', 'scope'],
  'consent.revoked': ['orgnr', 'scope'],
  'thread.created': ['subject', 'participants'],
  'thread.participant_added': ['seat'],
  'thread.participant_removed': ['seat'],
  'message.created': [],
  'message.edited': ['version'],
  'message.redacted': [],
  'receipt.read': ['seat', 'upToSeq'],
  'timeline.reminder': ['milestone', 'kind', 'recipient', 'dueAt'],
  'timeline.milestone_done': ['milestone'],
  'timeline.milestone_reopened': ['milestone'],
  'track.created': ['trackId', 'kind'],
  'track.task_created': ['trackId', 'taskId', 'trackKind', 'eier', 'status', 'frist'],
  'track.task_status_changed': ['trackId', 'taskId', 'trackKind', 'eier', 'from', 'to'],
  'case.sluttdato_set': ['sluttdato'],
  'plan.version_created': ['planId', 'versjon'],
  'plan.commented': ['planId', 'versjon'],
  'plan.approved': ['planId', 'versjon', 'role', 'godkjent'],
  'plan.shared': ['planId', 'versjon', 'mottaker'],
  'dialogmote.innkalt': ['moteId', 'kind', 'status'],
  'dialogmote.status_changed': ['moteId', 'kind', 'from', 'to'],
  'dialogmote.svar': ['moteId', 'role', 'svar'],
  'dialogmote.referat': ['moteId'],
  'dialogmote.dm2_unntak': [],
  'dialogmote.fastlege_ubesvart': ['moteId'],
  'motebehov.submitted': ['motebehovId', 'skjemaType', 'innmelder'],
  'motebehov.behandlet': ['motebehovId', 'skjemaType', 'innmelder'],
  'dialogmelding.created': ['dialogmeldingId', 'threadId', 'messageId', 'kind', 'direction', 'status', 'parentId'],
  'dialogmelding.status_changed': ['dialogmeldingId', 'threadId', 'from', 'to', 'errorCode'],
  'dialogmelding.ubesvart': ['dialogmeldingId', 'threadId'],
};

export function isMessageEvent(type: CaseEventType): boolean {
  return type === 'message.created' || type === 'message.edited' || type === 'message.redacted';
}

/** An event for this audience, or undefined when it may not see it (then it is skipped, not hinted at). */
export function toEventView(ability: AppAbility, role: Role, e: CaseEvent, messages: ReadonlyMap<string, Message>): EventView | undefined {
  if (!canRead(ability, 'Event', { caseId: e.caseId, threadId: e.threadId, audience: e.audience ?? [] })) return undefined;
  const view: EventView = { seq: e.seq, type: e.type, at: e.at.toISOString() };
  if (e.threadId) view.threadId = e.threadId;
  if (isMessageEvent(e.type)) {
    const m = e.refId ? messages.get(e.refId) : undefined;
    if (!m || !canRead(ability, 'Message', m)) return undefined;
    // An edit of nothing this audience may see is no event to it (it would tell that hidden fields changed).
    if (e.type === 'message.edited' && typeof e.payload.version === 'number' && !seesVersion(ability, role, m, e.payload.version))
      return undefined;
    view.message = toMessageView(ability, role, m);
    return view;
  }
  const data: NonNullable<EventView['data']> = {};
  for (const k of DATA_KEYS[e.type]) if (e.payload[k] !== undefined) data[k] = e.payload[k];
  view.data = data;
  return view;
}
