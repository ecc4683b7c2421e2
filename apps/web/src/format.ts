import type { Role, Seat } from './types';

export const ROLE_LABEL: Record<Role, string> = {
  sykmeldt: 'Sykmeldt',
  arbeidsgiver: 'Nærmeste leder',
  fastlege: 'Fastlege',
  veileder: 'NAV-veileder',
};

export function roleLabel(role: string | undefined): string {
  return role && role in ROLE_LABEL ? ROLE_LABEL[role as Role] : 'Ukjent';
}

export function seatLabel(seat: Seat): string {
  const [role, orgnr] = seat.split(':');
  return orgnr ? `${roleLabel(role)} (org.nr. ${orgnr})` : roleLabel(role);
}

export function roleOfSeat(seat: Seat): string {
  return seat.split(':')[0];
}

const dateTime = new Intl.DateTimeFormat('nb-NO', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Oslo',
});
const dateOnly = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  // A plain calendar day stays that day whatever the browser's zone.
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('.') : dateOnly.format(new Date(iso));
}

export const MILESTONE_LABEL: Record<string, string> = {
  OPPFOLGINGSPLAN: 'Oppfølgingsplan',
  DIALOGMOTE_1: 'Dialogmøte 1',
  AKTIVITETSKRAV: 'Aktivitetskrav',
  MOTEBEHOV: 'Møtebehov',
  DIALOGMOTE_2: 'Dialogmøte 2',
  VURDERING_39_UKER: 'Vurdering etter 39 uker',
  MAKSDATO: 'Maksdato',
};

export const MILESTONE_STATUS: Record<string, string> = {
  OVERDUE: 'Forfalt',
  DUE_SOON: 'Snart',
  UPCOMING: 'Kommer',
  DONE: 'Utført',
};

export const TRACK_LABEL: Record<string, string> = {
  RETUR_ARBEID: 'Retur til arbeid',
  MEDISINSK_BEHANDLING: 'Medisinsk behandling',
  TILTAK: 'Tiltak',
  AAP_VURDERING: 'AAP-vurdering',
};

export const TASK_STATUS: Record<string, string> = {
  APEN: 'Åpen',
  PAGAR: 'Pågår',
  FERDIG: 'Ferdig',
  AVBRUTT: 'Avbrutt',
};

export const PLAN_STATUS: Record<string, string> = {
  UNDER_ARBEID: 'Under arbeid',
  GODKJENT: 'Godkjent',
};

export const AUDIT_ACTION: Record<string, string> = {
  read: 'leste',
  list: 'så listen over',
  search: 'søkte i',
  'catch-up': 'hentet',
  write: 'skrev',
  deliver: 'fikk levert',
  apprec: 'fikk kvittering for',
  export: 'eksporterte',
  download: 'lastet ned',
  health_text_confirmed: 'bekreftet samtykke til helseopplysninger i',
};

export const SUBJECT_LABEL: Record<string, string> = {
  Case: 'saken',
  Thread: 'tråd',
  Message: 'melding',
  ReadMarker: 'lesestatus',
  Dialogmelding: 'dialogmelding',
  Oppfolgingsplan: 'oppfølgingsplan',
  Timeline: 'frister',
  Milestone: 'frist',
  Track: 'oppfølgingsløp',
  TrackTask: 'oppgave',
  Event: 'hendelser',
  Dialogmote: 'dialogmøte',
  Motebehov: 'møtebehov',
  MessageVersion: 'tidligere versjon',
  OppfolgingsplanVersjon: 'planversjon',
  HandoverSummary: 'overføringsnotat',
  Retention: 'sletting',
  Dm2Unntak: 'unntak fra dialogmøte 2',
  File: 'vedlegg',
};

export function label(map: Record<string, string>, key: string | undefined): string {
  // A view leaves out what the caller may not see: nothing to name then.
  return key === undefined ? '' : (map[key] ?? key);
}
