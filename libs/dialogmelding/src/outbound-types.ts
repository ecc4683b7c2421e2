import type { AppRecErrorCode } from './apprec-codes';
import type { Kode, Kodeverk } from './code-lists';

/** A code from one of our lists; the builder writes the list's OID as S and its text as DN. */
export type KodeFra<K extends Kodeverk> = K extends Kodeverk ? { kodeverk: K; v: Kode<K> } : never;

export interface OutboundOrganisation {
  name: string;
  herId: string;
  orgnr?: string;
}

export interface OutboundHealthcareProfessional {
  givenName: string;
  middleName?: string;
  familyName: string;
  hprNummer?: string;
  herId?: string;
}

export interface OutboundReceiver extends OutboundOrganisation {
  healthcareProfessional?: OutboundHealthcareProfessional;
}

export interface OutboundPatient {
  /** Written as FNR, or DNR when the first digit is 4-7 (a D-nummer adds 4 to the day). */
  fodselsnummer: string;
  givenName: string;
  middleName?: string;
  familyName: string;
}

export interface Forfatter {
  givenName: string;
  familyName: string;
}

export interface OutboundForesporsel {
  type: 'DIALOG_FORESPORSEL';
  typeForesp: KodeFra<'8125' | '8129'>;
  sporsmal: string;
  dokIdForesp: string;
  forfatter?: Forfatter;
}

export interface OutboundNotat {
  type: 'DIALOG_NOTAT';
  temaKodet: KodeFra<'8127' | '8128'>;
  tema?: string;
  tekst: string;
  dokIdNotat: string;
  /** xs:date, YYYY-MM-DD. */
  datoNotat?: string;
  forfatter?: Forfatter;
}

export interface QuotedForesporsel<K extends '8125' | '8129'> {
  typeForesp: KodeFra<K>;
  sporsmal?: string;
  dokIdForesp?: string;
}

interface OutboundSvarBase {
  type: 'DIALOG_SVAR';
  tekst: string;
  dokIdNotat: string;
  datoNotat?: string;
}

/** A svar on a møteinnkalling (8126) quotes an innkalling (8125); one on a forespørsel (9069) quotes 8129. */
export type OutboundSvar =
  | (OutboundSvarBase & { temaKodet: KodeFra<'8126'>; foresporsel?: QuotedForesporsel<'8125'> })
  | (OutboundSvarBase & { temaKodet: KodeFra<'9069'>; foresporsel?: QuotedForesporsel<'8129'> });

export type OutboundBody = OutboundForesporsel | OutboundNotat | OutboundSvar;

export interface OutboundAttachment {
  mimeType: string;
  description?: string;
  content: Uint8Array;
  /** xs:date or xs:dateTime. */
  issueDate?: string;
}

export interface OutboundDialogmelding {
  msgId: string;
  genDate: Date;
  /** Ask for an AppRec; default true. */
  ack?: boolean;
  conversationRef?: { refToParent: string; refToConversation: string };
  sender: OutboundOrganisation;
  receiver: OutboundReceiver;
  patient: OutboundPatient;
  body: OutboundBody;
  attachments?: readonly OutboundAttachment[];
}

export type AppRecInstitution = { name: string; person?: AppRecPerson } & (
  { orgnr: string; herId?: string } | { orgnr?: undefined; herId: string }
);

export type AppRecPerson = { name: string } & ({ hprNummer: string; herId?: string } | { hprNummer?: undefined; herId: string });

export interface AppRecErrorInput {
  code: AppRecErrorCode;
  /** Written as OT (original text): the reason, e.g. an InboundFailure's `reason`. */
  details?: string;
}

export type OutboundAppRec = {
  id: string;
  genDate: Date;
  sender: AppRecInstitution;
  receiver: AppRecInstitution;
  original: { id: string; msgType: string; msgTypeText?: string; issueDate: string };
} & ({ status: 'OK' } | { status: 'AVVIST'; errors: readonly [AppRecErrorInput, ...AppRecErrorInput[]] });
