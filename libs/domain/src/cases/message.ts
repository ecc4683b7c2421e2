import type { Role } from '../roles';
import type { Seat } from './case';

export type CodeSystem = 'ICPC-2' | 'ICD-10';
export const CODE_SYSTEMS: readonly CodeSystem[] = ['ICPC-2', 'ICD-10'];

export interface Diagnose {
  system: CodeSystem;
  kode: string;
  tekst: string;
}

/**
 * How sensitive a piece of content is (DOMAIN.md, Taushetsplikt): `open` may reach every participant,
 * `health` (funksjonsevne and the like) reaches the arbeidsgiver only while the sykmeldt consents, and
 * `medical` never reaches the arbeidsgiver.
 */
export type Classification = 'open' | 'health' | 'medical';
export const CLASSIFICATIONS: readonly Classification[] = ['open', 'health', 'medical'];

export interface Attachment {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  classification: Classification;
}

/** Content a sender writes; every edit stores a new version of it. */
export interface MessageContent {
  tekst: string;
  funksjonsevne?: string;
  diagnose?: Diagnose[];
  medisinskVurdering?: string;
  attachments: Attachment[];
}

/** The parts of a message's content an audience may or may not see; an edit records which of them it changed. */
export type MessageContentField =
  'tekst' | 'funksjonsevne' | 'diagnose' | 'medisinskVurdering' | 'openAttachments' | 'healthAttachments' | 'medicalAttachments';

export interface MessageEdit {
  /** The version the edit made. */
  version: number;
  at: Date;
  changed: MessageContentField[];
}

const ATTACHMENT_PARTS: Record<Classification, MessageContentField> = {
  open: 'openAttachments',
  health: 'healthAttachments',
  medical: 'medicalAttachments',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Which parts of the content differ between two versions (attachments compared per classification). */
export function changedContent(before: MessageContent, after: MessageContent): MessageContentField[] {
  const changed: MessageContentField[] = [];
  if (before.tekst !== after.tekst) changed.push('tekst');
  if (!same(before.funksjonsevne, after.funksjonsevne)) changed.push('funksjonsevne');
  if (!same(before.diagnose, after.diagnose)) changed.push('diagnose');
  if (!same(before.medisinskVurdering, after.medisinskVurdering)) changed.push('medisinskVurdering');
  for (const c of CLASSIFICATIONS) {
    if (
      !same(
        before.attachments.filter((a) => a.classification === c),
        after.attachments.filter((a) => a.classification === c),
      )
    )
      changed.push(ATTACHMENT_PARTS[c]);
  }
  return changed;
}

export interface Message extends MessageContent {
  id: string;
  caseId: string;
  threadId: string;
  /** The case event sequence at which the message was created: its place in the case's order. */
  seq: number;
  senderId: string;
  senderRole: Role;
  senderSeat: Seat;
  clientTxnId: string;
  version: number;
  sentAt: Date;
  editedAt?: Date;
  redactedAt?: Date;
  /** What each edit changed, so an audience that sees none of it is not told of the edit; absent before any edit. */
  edits?: MessageEdit[];
}

export interface MessageVersion extends MessageContent {
  messageId: string;
  version: number;
  createdAt: Date;
}

/** A retraction keeps the message's place and who sent it, and nothing of what it said. */
export function redact(m: Message, at: Date): Message {
  return { ...m, tekst: '', funksjonsevne: undefined, diagnose: undefined, medisinskVurdering: undefined, attachments: [], redactedAt: at };
}
