import type { AppRecErrorCode, AppRecStatus } from './apprec-codes';
import type { Kodeverk } from './code-lists';
import type { AppRecVersion, DialogmeldingVersion } from './namespaces';

export const MESSAGE_TYPES = ['DIALOG_FORESPORSEL', 'DIALOG_SVAR', 'DIALOG_NOTAT'] as const;
export type DialogMessageType = (typeof MESSAGE_TYPES)[number];

/** A KITH code (CV/CS) as written: value, code system OID and display name; S and DN are often missing. */
export interface CodedValue {
  v: string;
  s?: string;
  dn?: string;
  ot?: string;
}

/** A dialog code resolved against its list: `kodeverk` and `tekst` come from our lists, not from the sender. */
export interface DialogKode extends CodedValue {
  kodeverk: Kodeverk;
  tekst: string;
}

export interface Ident {
  id: string;
  /** TypeId: V is HER, HPR, ENH (orgnr), FNR, DNR, LIN, ... */
  type: CodedValue;
}

export interface PersonNavn {
  givenName?: string;
  middleName?: string;
  familyName?: string;
}

export interface HealthcareProfessional extends PersonNavn {
  idents: Ident[];
  herId?: string;
  hprNummer?: string;
  /** FNR or DNR of the professional, when sent (padm2 matches the behandler on it). */
  fodselsnummer?: string;
}

export interface Organisation {
  name?: string;
  idents: Ident[];
  herId?: string;
  orgnr?: string;
  /** A nested Organisation (a department such as "NAV Oslo"). */
  subOrganisation?: Organisation;
  healthcareProfessional?: HealthcareProfessional;
}

export interface Patient extends PersonNavn {
  /** As sent, trimmed: the hub checks control digits and looks the person up. */
  fodselsnummer: string;
  fodselsnummerType: 'FNR' | 'DNR';
  idents: Ident[];
}

export interface ConversationRef {
  refToParent?: string;
  refToConversation?: string;
}

export interface RolleRelatertNotat {
  rolleNotat?: CodedValue;
  person?: PersonNavn;
}

export interface Foresporsel {
  typeForesp: DialogKode;
  sporsmal?: string;
  dokIdForesp?: string;
  roller: RolleRelatertNotat[];
}

export interface Notat {
  temaKodet?: DialogKode;
  tema?: string;
  /** TekstNotatInnhold as readable text (XHTML flattened). */
  tekst?: string;
  dokIdNotat?: string;
  datoNotat?: string;
  roller: RolleRelatertNotat[];
  /** In a DIALOG_SVAR: the forespørsel being answered. */
  foresporsel?: Foresporsel;
}

export interface DialogmeldingBody {
  version: DialogmeldingVersion;
  notater: Notat[];
  foresporsler: Foresporsel[];
}

export interface Attachment {
  mimeType?: string;
  description?: string;
  byteSize: number;
  content: Buffer;
}

export interface InboundDialogmelding {
  type: DialogMessageType;
  msgId: string;
  genDate?: string;
  migVersion?: string;
  ack?: CodedValue;
  conversationRef?: ConversationRef;
  sender: Organisation;
  receiver: Organisation;
  patient: Patient;
  /** Undefined when the message carries only attachments. */
  body?: DialogmeldingBody;
  attachments: Attachment[];
}

export interface AppRecParty {
  institution?: { name?: string; idents: Ident[] };
  person?: { name?: string; idents: Ident[] };
}

export interface InboundAppRec {
  version: AppRecVersion;
  id?: string;
  genDate?: string;
  status: AppRecStatus;
  errors: CodedValue[];
  original: { id: string; msgType?: CodedValue; issueDate?: string };
  sender?: AppRecParty;
  receiver?: AppRecParty;
}

/** What could be read of a refused MsgHead, so the hub can address its AppRec avvist. */
export interface OriginalMessageRef {
  msgId?: string;
  msgType?: string;
  genDate?: string;
  sender?: Organisation;
  /** Read so that a document for another receiver is refused E21 before anything else is said about it. */
  receiver?: Organisation;
}

export interface ParseOptions {
  maxBytes?: number;
  maxDepth?: number;
}

export type InboundResult =
  | { kind: 'dialogmelding'; message: InboundDialogmelding; warnings: string[] }
  | { kind: 'apprec'; apprec: InboundAppRec; warnings: string[] }
  | InboundFailure;

export interface InboundFailure {
  kind: 'failure';
  /** Code list 8221 value for the AppRec avvist. */
  code: AppRecErrorCode;
  /** The list's text for `code`. */
  codeText: string;
  /** Why, Norwegian then English; safe to log (no fødselsnummer, no free text). */
  reason: string;
  original?: OriginalMessageRef;
  /** The document is (or looks like) an AppRec: the hub never answers an AppRec with an AppRec. */
  appRec?: true;
}
