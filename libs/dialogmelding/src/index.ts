export { parseInbound } from './parse-inbound';
export { contentDigest } from './content-digest';
export { buildDialogmelding } from './build-dialogmelding';
export { buildAppRec } from './build-apprec';
export { textPdf } from './text-pdf';
export type { TextPdfInput } from './text-pdf';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from './xml-reader';
export { NS, MIG_VERSION } from './namespaces';
export type { DialogmeldingVersion, AppRecVersion } from './namespaces';
export { APPREC_ERROR, APPREC_ERROR_CODES, APPREC_STATUS, appRecStatusOf, isAppRecErrorCode } from './apprec-codes';
export type { AppRecErrorCode, AppRecStatus } from './apprec-codes';
export {
  DIALOG_KODEVERK,
  FORESPORSEL_KODE,
  HENVENDELSE_FRA_LEGE_KODE,
  IDENT_TYPE,
  INNKALLING_KODE,
  isKode,
  KODEVERK_OID_PREFIX,
  kodeTekst,
  kodeverkForOid,
  MOTESVAR_KODE,
  NOTAT_FRA_NAV_KODE,
  OTHER_KODEVERK_OID,
  SVAR_FORESPORSEL_KODE,
} from './code-lists';
export type { Kode, Kodeverk } from './code-lists';
export { MESSAGE_TYPES } from './inbound-types';
export type {
  AppRecParty,
  Attachment,
  CodedValue,
  ConversationRef,
  DialogKode,
  DialogmeldingBody,
  DialogMessageType,
  Foresporsel,
  HealthcareProfessional,
  Ident,
  InboundAppRec,
  InboundDialogmelding,
  InboundFailure,
  InboundResult,
  Notat,
  Organisation,
  OriginalMessageRef,
  ParseOptions,
  Patient,
  PersonNavn,
  RolleRelatertNotat,
} from './inbound-types';
export type {
  AppRecErrorInput,
  AppRecInstitution,
  AppRecPerson,
  Forfatter,
  KodeFra,
  OutboundAppRec,
  OutboundAttachment,
  OutboundBody,
  OutboundDialogmelding,
  OutboundForesporsel,
  OutboundHealthcareProfessional,
  OutboundNotat,
  OutboundOrganisation,
  OutboundPatient,
  OutboundReceiver,
  OutboundSvar,
  QuotedForesporsel,
} from './outbound-types';
