/**
 * Code list 8221 "Feilmeldinger for applikasjonskvittering" (texts as the list and NAV's emottak give them).
 * E21, E31, E35 and E53 are for the hub: they need its own data (receiver, control digits, patient lookup).
 */
export const APPREC_ERROR_CODES = {
  E10: 'Ugyldig meldingsidentifikator',
  E20: 'Lege finnes ikke',
  E21: 'Mottaker finnes ikke',
  E30: 'Pasientens fødselsnummer mangler',
  E31: 'Pasientens fødselsnummer er feil',
  E32: 'Pasientens navn mangler',
  E35: 'Pasienten finnes ikke i mottakersystemet',
  E36: 'Pasientopplysninger er utilstrekkelige',
  E53: 'Pasientens fødselsnummer eller D-nummer finnes ikke registrert i Folkeregisteret.',
  E54: 'Pasientens fødselsnummer er ikke registrert i mottagersystemet',
  S01: 'Feil på signatur',
  S02: 'Ugyldig sertifikat',
  S03: 'Tilbaketrukket sertifikat',
  S99: 'Annen feil på signatur eller sertifikat',
  T01: "Ikke XML / ikke 'well formed' / uleselig",
  T02: 'XML validerer ikke',
  T10: 'Støtter ikke meldingsformatet',
  T99: 'Annen feil på format',
  X99: 'Annen feil',
} as const;

export type AppRecErrorCode = keyof typeof APPREC_ERROR_CODES;

/** Names for the codes the hub raises itself, so call sites read as what happened. */
export const APPREC_ERROR = {
  MOTTAKER_FINNES_IKKE: 'E21',
  PASIENT_FNR_FEIL: 'E31',
  PASIENT_FINNES_IKKE: 'E35',
  PASIENT_FINNES_IKKE_I_FREG: 'E53',
  ANNEN_FEIL: 'X99',
} as const satisfies Record<string, AppRecErrorCode>;

export function isAppRecErrorCode(value: string): value is AppRecErrorCode {
  return Object.hasOwn(APPREC_ERROR_CODES, value);
}

/** Code list 8220: AppRec Status. */
export const APPREC_STATUS = {
  OK: { v: '1', dn: 'OK' },
  AVVIST: { v: '2', dn: 'Avvist' },
  OK_FEIL_I_DELMELDING: { v: '3', dn: 'OK, feil i delmelding' },
} as const;

export type AppRecStatus = keyof typeof APPREC_STATUS;

export function appRecStatusOf(v: string): AppRecStatus | undefined {
  const found = (Object.keys(APPREC_STATUS) as AppRecStatus[]).find((s) => APPREC_STATUS[s].v === v);
  return found;
}
