import type { Classification, ReferatPart, Role } from '@hub/domain';
import { REFERAT_PARTS } from '@hub/domain';

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

/**
 * The message field a file of each class is masked as: a file reaches exactly those who may read the fields of its
 * class (listing it in a message, downloading it, and its mere existence alike).
 */
export const ATTACHMENT_FIELD: Readonly<Record<Classification, MessageField>> = {
  open: 'openAttachments',
  health: 'healthAttachments',
  medical: 'medicalAttachments',
};

/** Health information the sykmeldt controls: to the arbeidsgiver only while consent stands. */
export const HEALTH_MESSAGE_FIELDS = ['funksjonsevne', 'healthAttachments'] as const satisfies readonly MessageField[];

const ARBEIDSGIVER_MESSAGE = [
  'id',
  'threadId',
  'seq',
  'senderRole',
  'sentAt',
  'version',
  'editedAt',
  'redactedAt',
  'clientTxnId',
  'tekst',
  'openAttachments',
  ...HEALTH_MESSAGE_FIELDS,
] as const;

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

/** Oppfølgingsplan (issue 7). The two parties see the whole plan; a recipient of a shared version sees the versions, not the working talk. */
export const PLAN_FIELDS = ['id', 'orgnr', 'createdAt', 'status', 'gjeldendeVersjon', 'versjoner', 'kommentarer', 'delinger'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
export const PLAN_MAX_FIELDS = {
  sykmeldt: PLAN_FIELDS,
  arbeidsgiver: PLAN_FIELDS,
  // The fastlege does not see the arbeidsgiver's relations (abilities.ts), so not its orgnr either.
  fastlege: ['id', 'createdAt', 'versjoner'],
  veileder: ['id', 'orgnr', 'createdAt', 'versjoner'],
} as const satisfies Record<Role, readonly PlanField[]>;

export const DIALOGMOTE_FIELDS = [
  'id',
  'kind',
  'status',
  'innkaltAv',
  'deltakere',
  'orgnr',
  'tid',
  'sted',
  'videoLink',
  'createdAt',
  'updatedAt',
  'svar',
  'referat',
  'maksNyttTidOnsker',
  'nyttTidOnsker',
  'fastlegeUbesvartAt',
] as const;
export type DialogmoteField = (typeof DIALOGMOTE_FIELDS)[number];
// The fastlege's silence is for NAV, which convenes the møter the fastlege is called to by dialogmelding (issue 21).
const DELTAKER_MOTE_FIELDS = DIALOGMOTE_FIELDS.filter((f) => f !== 'fastlegeUbesvartAt');
export const DIALOGMOTE_MAX_FIELDS = {
  sykmeldt: DELTAKER_MOTE_FIELDS,
  arbeidsgiver: DELTAKER_MOTE_FIELDS,
  fastlege: DELTAKER_MOTE_FIELDS.filter((f) => f !== 'orgnr'),
  veileder: DIALOGMOTE_FIELDS,
} as const satisfies Record<Role, readonly DialogmoteField[]>;

/** A svar's code is for every deltaker; the wish text (`onske`) is granted narrower in abilities.ts. */
export const DIALOGMOTE_SVAR_FIELDS = ['role', 'type', 'at', 'onske'] as const;
export type DialogmoteSvarField = (typeof DIALOGMOTE_SVAR_FIELDS)[number];
export const DIALOGMOTE_SVAR_CODE_FIELDS = ['role', 'type', 'at'] as const satisfies readonly DialogmoteSvarField[];

/** The referat parts per role come from the domain's allow-list (libs/domain referat.ts, REFERAT_PARTS). */
export type ReferatField = ReferatPart | 'skrevetAt';
export const REFERAT_MAX_FIELDS: Record<Role, readonly ReferatField[]> = {
  sykmeldt: [...REFERAT_PARTS.sykmeldt, 'skrevetAt'],
  arbeidsgiver: [...REFERAT_PARTS.arbeidsgiver, 'skrevetAt'],
  fastlege: [...REFERAT_PARTS.fastlege, 'skrevetAt'],
  veileder: [...REFERAT_PARTS.veileder, 'skrevetAt'],
};

/** As dm2UnntakFor: the arbeidsgiver learns only when DM2 was found not needed; the arsak is health information. */
export const DM2_UNNTAK_FIELDS = ['arsak', 'beskrivelse', 'by', 'at'] as const;
export type Dm2UnntakField = (typeof DM2_UNNTAK_FIELDS)[number];
export const DM2_UNNTAK_MAX_FIELDS = {
  sykmeldt: DM2_UNNTAK_FIELDS,
  veileder: DM2_UNNTAK_FIELDS,
  arbeidsgiver: ['at'],
  fastlege: [],
} as const satisfies Record<Role, readonly Dm2UnntakField[]>;

export const MOTEBEHOV_FIELDS = [
  'id',
  'skjemaType',
  'innmelder',
  'harMotebehov',
  'begrunnelse',
  'onskerSykmelderDeltar',
  'onskerTolk',
  'tolkSprak',
  'createdAt',
  'behandletAt',
  'behandletAv',
] as const;
export type MotebehovField = (typeof MOTEBEHOV_FIELDS)[number];
/**
 * What the arbeidsgiver may see of the SYKMELDT's møtebehov: that it was given and whether a meeting is wished. Its
 * begrunnelse is treated as health information (issue 7), and the wishes for the sykmelder and a tolk stay with NAV.
 */
export const MOTEBEHOV_OF_SYKMELDT_TO_ARBEIDSGIVER = [
  'id',
  'skjemaType',
  'innmelder',
  'harMotebehov',
  'createdAt',
  'behandletAt',
] as const satisfies readonly MotebehovField[];
export const MOTEBEHOV_MAX_FIELDS = {
  sykmeldt: MOTEBEHOV_FIELDS,
  veileder: MOTEBEHOV_FIELDS,
  // The whole of its own virksomhet's møtebehov; the grant for the sykmeldt's is narrower (abilities.ts).
  arbeidsgiver: MOTEBEHOV_FIELDS.filter((f) => f !== 'behandletAv'),
  fastlege: [],
} as const satisfies Record<Role, readonly MotebehovField[]>;

/**
 * Dialogmeldinger (issue 6). `xml` stands for the MsgHead export, which only the two ends of the exchange get; the
 * arbeidsgiver gets nothing of a dialogmelding, not even that one exists.
 */
export const DIALOGMELDING_FIELDS = [
  'id',
  'threadId',
  'messageId',
  'direction',
  'kind',
  'kodeverk',
  'kode',
  'msgId',
  'conversationRef',
  'parentRef',
  'parentId',
  'tekst',
  'status',
  'createdAt',
  'sentAt',
  'publishedAt',
  'statusAt',
  'avvist',
  'besvartAt',
  'ubesvart',
  'ubesvartAt',
  'paminnelseSentAt',
  'xml',
] as const;
export type DialogmeldingField = (typeof DIALOGMELDING_FIELDS)[number];
export const DIALOGMELDING_MAX_FIELDS = {
  sykmeldt: DIALOGMELDING_FIELDS.filter((f) => f !== 'xml'),
  fastlege: DIALOGMELDING_FIELDS,
  veileder: DIALOGMELDING_FIELDS,
  arbeidsgiver: [],
} as const satisfies Record<Role, readonly DialogmeldingField[]>;
