import type { CaseDetail, Role, Seat } from './types';

export const ROLE_LABEL: Record<Role, string> = {
  sykmeldt: 'Sykmeldt',
  arbeidsgiver: 'Nærmeste leder',
  fastlege: 'Fastlege',
  veileder: 'NAV-veileder',
};

export function roleLabel(role: string | undefined): string {
  return role && role in ROLE_LABEL ? ROLE_LABEL[role as Role] : 'Ukjent';
}

/**
 * The names of the open case's present parties by seat, as the hub sent them (only those the caller may see). Set
 * when a case page has its detail, so every label of a seat on that page says who sits there.
 */
let seatNames = new Map<Seat, { navn?: string; virksomhetsnavn?: string }>();

export function rememberPartyNames(detail: CaseDetail | undefined): void {
  seatNames = new Map();
  for (const r of detail?.relations ?? []) {
    if (r.endedAt !== null) continue;
    const seat = r.role === 'arbeidsgiver' && r.orgnr ? `arbeidsgiver:${r.orgnr}` : r.role;
    if (r.navn || r.virksomhetsnavn) seatNames.set(seat, { navn: r.navn, virksomhetsnavn: r.virksomhetsnavn });
  }
}

/** "Nærmeste leder Ola Hansen, Bedrift AS (org.nr. 974760673)", or as much of it as the caller may know. */
export function seatLabel(seat: Seat): string {
  const [role, orgnr] = seat.split(':');
  const known = seatNames.get(seat);
  const who = [known?.navn, known?.virksomhetsnavn].filter(Boolean).join(', ');
  const base = who ? `${roleLabel(role)} ${who}` : roleLabel(role);
  return orgnr ? `${base} (org.nr. ${orgnr})` : base;
}

/** The author of a message: their role, and their name where the hub sent it. */
export function authorLabel(role: string | undefined, navn: string | undefined): string {
  return navn ? `${roleLabel(role)} ${navn}` : roleLabel(role);
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
  DONE: 'Oppfylt',
};

/** What met a milestone (the hub's `metBy`). */
export const MILESTONE_MET_BY: Record<string, string> = {
  PLAN_DELT: 'oppfølgingsplanen er godkjent og delt',
  DM1_FERDIGSTILT: 'dialogmøte 1 er holdt',
  MOTEBEHOV_SVAR: 'møtebehov er besvart',
  DM2_FERDIGSTILT: 'dialogmøte 2 er holdt',
  DM2_UNNTAK: 'unntak fra dialogmøte 2',
  MANUELL: 'markert av NAV-veileder',
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
  mark_done: 'markerte som oppfylt:',
  reopen: 'åpnet igjen:',
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
