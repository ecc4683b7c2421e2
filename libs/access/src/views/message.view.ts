import { Attachment, Classification, Diagnose, Message, Role } from '@hub/domain';
import { AppAbility } from '../abilities';
import { ATTACHMENT_FIELD, MAX_FIELDS } from '../fields';
import { permitted } from './permitted';

export interface AttachmentView {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  classification: Classification;
}

export interface MessageView {
  id?: string;
  threadId?: string;
  seq?: number;
  senderId?: string;
  senderRole?: Role;
  sentAt?: string;
  version?: number;
  editedAt?: string | null;
  redacted?: boolean;
  clientTxnId?: string;
  tekst?: string;
  attachments?: AttachmentView[];
  funksjonsevne?: string | null;
  diagnose?: Diagnose[] | null;
  medisinskVurdering?: string | null;
}

function attachmentView(a: Attachment): AttachmentView {
  return { id: a.id, filename: a.filename, mimeType: a.mimeType, sizeBytes: a.sizeBytes, classification: a.classification };
}

/** A message as this audience may see it; a field not permitted is absent, never nulled, so nothing hints it exists. */
export function toMessageView(ability: AppAbility, role: Role, m: Message): MessageView {
  const f = permitted(ability, 'Message', m, MAX_FIELDS.Message[role]);
  const v: MessageView = {};
  if (f.has('id')) v.id = m.id;
  if (f.has('threadId')) v.threadId = m.threadId;
  if (f.has('seq')) v.seq = m.seq;
  if (f.has('senderId')) v.senderId = m.senderId;
  if (f.has('senderRole')) v.senderRole = m.senderRole;
  if (f.has('sentAt')) v.sentAt = m.sentAt.toISOString();
  if (f.has('version')) v.version = m.version;
  if (f.has('editedAt')) v.editedAt = m.editedAt?.toISOString() ?? null;
  if (f.has('redactedAt')) v.redacted = m.redactedAt !== undefined;
  if (f.has('clientTxnId')) v.clientTxnId = m.clientTxnId;
  if (f.has('tekst')) v.tekst = m.tekst;
  if (f.has('funksjonsevne')) v.funksjonsevne = m.funksjonsevne ?? null;
  if (f.has('diagnose')) v.diagnose = m.diagnose ?? null;
  if (f.has('medisinskVurdering')) v.medisinskVurdering = m.medisinskVurdering ?? null;
  if (f.has('openAttachments')) v.attachments = m.attachments.filter((a) => f.has(ATTACHMENT_FIELD[a.classification])).map(attachmentView);
  return v;
}

/**
 * Whether this audience may download the message's file `fileId`: the same test that lists it in the message view,
 * so a file nobody was shown cannot be fetched either (and a retracted message lists none).
 */
export function mayReadAttachment(ability: AppAbility, role: Role, m: Message, fileId: string): Attachment | undefined {
  return toMessageView(ability, role, m).attachments?.some((a) => a.id === fileId) ? m.attachments.find((a) => a.id === fileId) : undefined;
}
