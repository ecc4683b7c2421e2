import type { Dialogmelding, DialogmeldingDirection, DialogmeldingKind, DialogmeldingStatus, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { DIALOGMELDING_MAX_FIELDS } from '../fields';
import { permitted } from './permitted';

export interface DialogmeldingView {
  id?: string;
  threadId?: string;
  messageId?: string;
  direction?: DialogmeldingDirection;
  kind?: DialogmeldingKind;
  kodeverk?: string;
  kode?: string;
  msgId?: string;
  conversationRef?: string;
  parentRef?: string | null;
  parentId?: string | null;
  tekst?: string;
  status?: DialogmeldingStatus;
  createdAt?: string;
  sentAt?: string | null;
  publishedAt?: string | null;
  statusAt?: string;
  /** The AppRec's reason when the receiver refused it (status AVVIST). */
  avvist?: { code: string; text: string } | null;
  besvartAt?: string | null;
  /** A forespørsel past its deadline without a svar (libs/domain isUbesvart), as of now. */
  ubesvart?: boolean;
  ubesvartAt?: string | null;
  paminnelseSentAt?: string | null;
}

/** The dialogmelding as a CASL subject: conditions name its case, thread and direction. */
export function dialogmeldingSubject(d: Pick<Dialogmelding, 'caseId' | 'threadId' | 'direction'>): Record<string, unknown> {
  return { caseId: d.caseId, threadId: d.threadId, direction: d.direction };
}

const iso = (d: Date | undefined): string | null => d?.toISOString() ?? null;

/** A dialogmelding as this audience may see it; absent fields are not hinted at. */
export function toDialogmeldingView(ability: AppAbility, role: Role, d: Dialogmelding, ubesvart: boolean): DialogmeldingView {
  const f = permitted(ability, 'Dialogmelding', dialogmeldingSubject(d), DIALOGMELDING_MAX_FIELDS[role]);
  const v: DialogmeldingView = {};
  if (f.has('id')) v.id = d.id;
  if (f.has('threadId')) v.threadId = d.threadId;
  if (f.has('messageId')) v.messageId = d.messageId;
  if (f.has('direction')) v.direction = d.direction;
  if (f.has('kind')) v.kind = d.kind;
  if (f.has('kodeverk')) v.kodeverk = d.kodeverk;
  if (f.has('kode')) v.kode = d.kode;
  if (f.has('msgId')) v.msgId = d.msgId;
  if (f.has('conversationRef')) v.conversationRef = d.conversationRef;
  if (f.has('parentRef')) v.parentRef = d.parentRef ?? null;
  if (f.has('parentId')) v.parentId = d.parentId ?? null;
  if (f.has('tekst')) v.tekst = d.tekst;
  if (f.has('status')) v.status = d.status;
  if (f.has('createdAt')) v.createdAt = d.createdAt.toISOString();
  if (f.has('sentAt')) v.sentAt = iso(d.sentAt);
  if (f.has('publishedAt')) v.publishedAt = iso(d.publishedAt);
  if (f.has('statusAt')) v.statusAt = d.statusAt.toISOString();
  if (f.has('avvist')) v.avvist = d.apprecErrorCode ? { code: d.apprecErrorCode, text: d.apprecErrorText ?? '' } : null;
  if (f.has('besvartAt')) v.besvartAt = iso(d.besvartAt);
  if (f.has('ubesvart')) v.ubesvart = ubesvart;
  if (f.has('ubesvartAt')) v.ubesvartAt = iso(d.ubesvartAt);
  if (f.has('paminnelseSentAt')) v.paminnelseSentAt = iso(d.paminnelseSentAt);
  return v;
}

/** Whether this audience may take the MsgHead export of the dialogmelding (the two ends of the exchange). */
export function mayExportDialogmelding(ability: AppAbility, role: Role, d: Dialogmelding): boolean {
  return permitted(ability, 'Dialogmelding', dialogmeldingSubject(d), DIALOGMELDING_MAX_FIELDS[role]).has('xml');
}
