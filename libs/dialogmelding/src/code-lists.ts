/** Every KITH/Volven code list OID is this prefix plus the list's number. */
export const KODEVERK_OID_PREFIX = '2.16.578.1.12.4.1.1.';

// Texts as NAV sends and accepts them (navikt/padm2 DialogmeldingKodeverk.kt, navikt/isdialogmelding
// DialogmeldingConverter.kt, navikt helsemelding OutgoingDialogMessageType.kt).
export const DIALOG_KODEVERK = {
  '8125': {
    oid: '2.16.578.1.12.4.1.1.8125',
    navn: 'Innkalling dialogmøte',
    koder: { '1': 'Innkalling dialogmøte 2', '2': 'Endring dialogmøte 2', '3': 'Innkalling dialogmøte 3', '4': 'Endring dialogmøte 3' },
  },
  '8126': {
    oid: '2.16.578.1.12.4.1.1.8126',
    navn: 'Svar på innkalling dialogmøte',
    koder: {
      '1': 'Ja, jeg kommer',
      '2': 'Jeg ønsker nytt møtetidspunkt',
      '3': 'Jeg kan ikke komme / begrunnelse for manglende oppmøte',
    },
  },
  '8127': {
    oid: '2.16.578.1.12.4.1.1.8127',
    navn: 'Henvendelse fra NAV til lege',
    koder: {
      '1': 'Oppfølgingsplan',
      '2': 'Friskmelding til arbeidsformidling',
      '3': 'Retur av legeerklæring',
      '4': 'Avlysning dialogmøte',
      '5': 'Unntak dialogmøte',
      '6': 'Tilbakemelding fra NAV',
      '8': 'Melding fra NAV',
      '9': 'Informasjon fra NAV',
    },
  },
  '8128': {
    oid: '2.16.578.1.12.4.1.1.8128',
    navn: 'Henvendelse om pasient',
    koder: { '1': 'Henvendelse om sykefraværsoppfølging', '2': 'Henvendelse om pasient som ikke er sykmeldt' },
  },
  '8129': {
    oid: '2.16.578.1.12.4.1.1.8129',
    navn: 'Forespørsel om pasient',
    koder: { '1': 'Forespørsel om pasient', '2': 'Påminnelse forespørsel om pasient' },
  },
  // 9069 is the general "Overføring av EPJ-informasjon" list; NAV accepts only 5 (padm2), so only 5 is known here.
  '9069': {
    oid: '2.16.578.1.12.4.1.1.9069',
    navn: 'Overføring av EPJ-informasjon',
    koder: { '5': 'Svar på forespørsel' },
  },
} as const;

export type Kodeverk = keyof typeof DIALOG_KODEVERK;
export type Kode<K extends Kodeverk> = keyof (typeof DIALOG_KODEVERK)[K]['koder'] & string;

const KODEVERK_IDS = Object.keys(DIALOG_KODEVERK) as Kodeverk[];

/** Named values, so callers write `MOTESVAR_KODE.KOMMER` rather than a bare '1'. */
export const INNKALLING_KODE = {
  INNKALLING_DM2: '1',
  ENDRING_DM2: '2',
  INNKALLING_DM3: '3',
  ENDRING_DM3: '4',
} as const satisfies Record<string, Kode<'8125'>>;

export const MOTESVAR_KODE = {
  KOMMER: '1',
  NYTT_TID_STED: '2',
  KOMMER_IKKE: '3',
} as const satisfies Record<string, Kode<'8126'>>;

export const NOTAT_FRA_NAV_KODE = {
  OPPFOLGINGSPLAN: '1',
  FRISKMELDING_TIL_ARBEIDSFORMIDLING: '2',
  RETUR_AV_LEGEERKLARING: '3',
  AVLYSNING_DIALOGMOTE: '4',
  UNNTAK_DIALOGMOTE: '5',
  TILBAKEMELDING_FRA_NAV: '6',
  MELDING_FRA_NAV: '8',
  INFORMASJON_FRA_NAV: '9',
} as const satisfies Record<string, Kode<'8127'>>;

export const HENVENDELSE_FRA_LEGE_KODE = {
  SYKEFRAVARSOPPFOLGING: '1',
  IKKE_SYKMELDT: '2',
} as const satisfies Record<string, Kode<'8128'>>;

export const FORESPORSEL_KODE = {
  FORESPORSEL: '1',
  PAMINNELSE: '2',
} as const satisfies Record<string, Kode<'8129'>>;

export const SVAR_FORESPORSEL_KODE = {
  SVAR_PA_FORESPORSEL: '5',
} as const satisfies Record<string, Kode<'9069'>>;

/** Other lists the envelope uses (identifier types, roles); we write them but do not police them. */
export const OTHER_KODEVERK_OID = {
  /** Identifikator for virksomhet: ENH, HER, LIN, ... */
  ORGANISATION_IDENT_TYPE: '2.16.578.1.12.4.1.1.9051',
  /** Identifikator for person: FNR, DNR, HPR, HER, ... */
  PERSON_IDENT_TYPE: '2.16.578.1.12.4.1.1.8116',
  /** Rolle i forhold til notat: 1 = forfatter. */
  ROLLE_NOTAT: '2.16.578.1.12.4.1.1.9057',
  /** AppRec status. */
  APPREC_STATUS: '2.16.578.1.12.4.1.1.8220',
  /** AppRec feilkoder. */
  APPREC_ERROR: '2.16.578.1.12.4.1.1.8221',
} as const;

export const IDENT_TYPE = {
  ORGNR: 'ENH',
  HER: 'HER',
  HPR: 'HPR',
  FNR: 'FNR',
  DNR: 'DNR',
  LIN: 'LIN',
} as const;

/** The list an OID names, or undefined when it is none of the dialog lists. */
export function kodeverkForOid(oid: string): Kodeverk | undefined {
  return KODEVERK_IDS.find((k) => DIALOG_KODEVERK[k].oid === oid);
}

/** True when `v` is a value of list `kodeverk`. */
export function isKode<K extends Kodeverk>(kodeverk: K, v: string): v is Kode<K> {
  return Object.hasOwn(DIALOG_KODEVERK[kodeverk].koder, v);
}

/** The list's text for a value, or undefined for a value the list does not have. */
export function kodeTekst(kodeverk: Kodeverk, v: string): string | undefined {
  const koder: Readonly<Record<string, string>> = DIALOG_KODEVERK[kodeverk].koder;
  return Object.hasOwn(koder, v) ? koder[v] : undefined;
}
