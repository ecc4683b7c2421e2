import type { Attachment, Classification, Diagnose, Message, MessageContentField, MessageEdit, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import type { MessageField } from '../fields';
import { ATTACHMENT_FIELD, MAX_FIELDS } from '../fields';
import { nameFor } from '../names';
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
  /** The author's display name, where this audience may see it (names.ts). */
  senderNavn?: string;
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

/** Every part of the content is a field the abilities grant or withhold (a compile error otherwise). */
const asField = (c: MessageContentField): MessageField => c;

/**
 * The edits up to `m.version` that changed a field this audience may read; the others never happened as far as it
 * can tell. Undefined when the history is incomplete (edits made before it was recorded): the stored version stands.
 */
function visibleEdits(f: ReadonlySet<MessageField>, m: Message): MessageEdit[] | undefined {
  const upTo = (m.edits ?? []).filter((e) => e.version <= m.version);
  if (upTo.length < m.version - 1) return undefined;
  return upTo.filter((e) => e.changed.some((c) => f.has(asField(c))));
}

/** Whether this audience can tell `version` of the message apart from the version before it. */
export function seesVersion(ability: AppAbility, role: Role, m: Message, version: number): boolean {
  if (version <= 1) return true;
  const f = permitted(ability, 'Message', m, MAX_FIELDS.Message[role]);
  const seen = visibleEdits(f, { ...m, version });
  return seen === undefined || seen.some((e) => e.version === version);
}

/** The number this audience knows `version` of the message by: its count of versions it could tell apart. */
export function visibleVersion(ability: AppAbility, role: Role, m: Message, version: number): number {
  const seen = visibleEdits(permitted(ability, 'Message', m, MAX_FIELDS.Message[role]), { ...m, version });
  return seen ? 1 + seen.length : version;
}

/** A message as this audience may see it; a field not permitted is absent, never nulled, so nothing hints it exists. */
export function toMessageView(ability: AppAbility, role: Role, m: Message): MessageView {
  const f = permitted(ability, 'Message', m, MAX_FIELDS.Message[role]);
  // Version and editedAt count only the edits this audience can see: an edit of fields it never gets stays invisible.
  const seen = visibleEdits(f, m);
  const v: MessageView = {};
  if (f.has('id')) v.id = m.id;
  if (f.has('threadId')) v.threadId = m.threadId;
  if (f.has('seq')) v.seq = m.seq;
  if (f.has('senderId')) v.senderId = m.senderId;
  if (f.has('senderRole')) v.senderRole = m.senderRole;
  const senderNavn = f.has('senderRole') ? nameFor(ability, m.senderRole, m.senderId) : undefined;
  if (senderNavn !== undefined) v.senderNavn = senderNavn;
  if (f.has('sentAt')) v.sentAt = m.sentAt.toISOString();
  if (f.has('version')) v.version = seen ? 1 + seen.length : m.version;
  if (f.has('editedAt')) v.editedAt = (seen ? seen.at(-1)?.at : m.editedAt)?.toISOString() ?? null;
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
