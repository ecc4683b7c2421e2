import { Role } from '@hub/domain';

/**
 * The most each role may ever receive, per subject. A field leaves the server only when it is listed here
 * for the caller's role AND granted by a rule in abilities.ts, so a field added later stays in until both say so.
 */
export const CASE_FIELDS = ['id', 'startDate', 'enhet', 'sykmeldtFnr', 'sykmeldtId', 'createdAt', 'lastSeq'] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

export const MESSAGE_FIELDS = [
  'id',
  'threadId',
  'seq',
  'senderId',
  'senderRole',
  'sentAt',
  'version',
  'editedAt',
  'redactedAt',
  'clientTxnId',
  'tekst',
  'openAttachments',
  'funksjonsevne',
  'healthAttachments',
  'diagnose',
  'medisinskVurdering',
  'medicalAttachments',
] as const;
export type MessageField = (typeof MESSAGE_FIELDS)[number];

/** Message fields whose content is medical: never to the arbeidsgiver, in any form (DOMAIN.md, Taushetsplikt). */
export const MEDICAL_MESSAGE_FIELDS = ['diagnose', 'medisinskVurdering', 'medicalAttachments'] as const satisfies readonly MessageField[];
/** Health information the sykmeldt controls: to the arbeidsgiver only while consent stands. */
export const HEALTH_MESSAGE_FIELDS = ['funksjonsevne', 'healthAttachments'] as const satisfies readonly MessageField[];

const ARBEIDSGIVER_MESSAGE = ['id', 'threadId', 'seq', 'senderRole', 'sentAt', 'version', 'editedAt', 'redactedAt', 'clientTxnId', 'tekst', 'openAttachments', ...HEALTH_MESSAGE_FIELDS] as const;

export const MAX_FIELDS = {
  Case: {
    sykmeldt: CASE_FIELDS,
    fastlege: CASE_FIELDS,
    veileder: CASE_FIELDS,
    arbeidsgiver: ['id', 'startDate', 'sykmeldtId', 'lastSeq'],
  },
  Message: {
    sykmeldt: MESSAGE_FIELDS,
    fastlege: MESSAGE_FIELDS,
    veileder: MESSAGE_FIELDS,
    arbeidsgiver: ARBEIDSGIVER_MESSAGE,
  },
} as const satisfies { Case: Record<Role, readonly CaseField[]>; Message: Record<Role, readonly MessageField[]> };
