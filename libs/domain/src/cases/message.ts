import { Role } from '../roles';
import { Seat } from './case';

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
