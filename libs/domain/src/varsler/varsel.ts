import type { Seat } from '../cases/case';
import { roleOfSeat } from '../cases/case';
import type { CaseEvent } from '../events/case-event';
import type { Role } from '../roles';

/**
 * Varsler: a person is told that something in a case awaits them, never what. This file holds which events cause
 * one, for which seats, and the fixed texts; the hub resolves seats to persons and sends.
 */
export const VARSEL_KINDS = [
  'melding',
  'foresporsel',
  'paminnelse',
  'dialogmote_innkalling',
  'dialogmote_endring',
  'dialogmote_avlyst',
  'motebehov',
  'motebehov_svar',
  'plan_godkjenning',
  'plan_delt',
  'oppgave',
  'frist',
] as const;
export type VarselKind = (typeof VARSEL_KINDS)[number];

export const VARSEL_CHANNELS = ['epost', 'sms'] as const;
export type VarselChannel = (typeof VARSEL_CHANNELS)[number];

/** What one event asks for: the kind, the thing a person would open, and the seats to tell (before recipients are known). */
export interface VarselCause {
  kind: VarselKind;
  /**
   * The plan, møte, task, forespørsel's message (or the event itself for a reminder): seeing it settles the varsel.
   * For a thread message it is the thread: a varsel counts the thread's messages from the first it was told of, and
   * reading up to the last of them settles it, so a burst of messages is one thing to store, not one per message.
   */
  thing: string;
  seats: Seat[];
  threadId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * What the planner knows of the fastlege's EPJ. A DM2 or DM3 reaches a fastlege with a HER-id as a dialogmelding
 * (issue 21), and that message is the fastlege's notice, as at NAV: no varsel doubles it, neither for the møte nor
 * for the thread message that carries the dialogmelding. A fastlege without one, or in a DM1, is told like anyone.
 */
export interface VarselEpj {
  /** The case's fastlege takes dialogmeldinger (its active relation has a HER-id). */
  fastlegeHerId: boolean;
  /** Thread messages that carry a møte's dialogmelding out to the EPJ. */
  moteMessages: ReadonlySet<string>;
}

const NO_EPJ: VarselEpj = { fastlegeHerId: false, moteMessages: new Set() };

/** Whether a møte of this kind goes to the fastlege by dialogmelding (8125 names DM2 and DM3 only). */
export function moteByDialogmelding(kind: unknown): boolean {
  return kind === 'DM2' || kind === 'DM3';
}

const notFastlege = (seats: readonly Seat[]): Seat[] => seats.filter((s) => s !== 'fastlege');

/**
 * The varsel an event causes, if any. `threadSeats` are the thread's present participants (thread events only).
 * Seats the event does not concern (the arbeidsgiver for a forespørsel) are never named here.
 */
export function varselCause(
  e: Pick<CaseEvent, 'type' | 'seq' | 'threadId' | 'refId' | 'audience' | 'payload'>,
  threadSeats: readonly Seat[],
  epj: VarselEpj = NO_EPJ,
): VarselCause | null {
  const audience = e.audience ?? [];
  const ref = e.refId ?? `event:${e.seq}`;
  const moteSeats = (): Seat[] => (epj.fastlegeHerId && moteByDialogmelding(e.payload.kind) ? notFastlege(audience) : audience);
  switch (e.type) {
    case 'message.created':
      if (e.threadId === null || e.refId === null) return null;
      return {
        kind: 'melding',
        thing: e.threadId,
        seats: epj.moteMessages.has(e.refId) ? notFastlege(threadSeats) : [...threadSeats],
        threadId: e.threadId,
      };
    case 'dialogmelding.created': {
      // The message it rides on is the thing: its own message.created and this one count once.
      const kind = e.payload.kind === 'FORESPORSEL' ? 'foresporsel' : e.payload.kind === 'PAMINNELSE' ? 'paminnelse' : null;
      const message = str(e.payload.messageId);
      if (kind === null || message === null || e.payload.direction !== 'UT') return null;
      return { kind, thing: message, seats: audience.filter((s) => s === 'fastlege'), threadId: str(e.payload.threadId) };
    }
    case 'dialogmote.innkalt':
      return { kind: 'dialogmote_innkalling', thing: ref, seats: moteSeats(), threadId: null };
    case 'dialogmote.status_changed': {
      const kind = e.payload.to === 'NYTT_TID_STED' ? 'dialogmote_endring' : e.payload.to === 'AVLYST' ? 'dialogmote_avlyst' : null;
      return kind === null ? null : { kind, thing: ref, seats: moteSeats(), threadId: null };
    }
    case 'motebehov.submitted':
      return { kind: 'motebehov', thing: ref, seats: audience.filter((s) => s === 'veileder'), threadId: null };
    case 'plan.version_created':
      return {
        kind: 'plan_godkjenning',
        thing: ref,
        seats: audience.filter((s) => s === 'sykmeldt' || roleOfSeat(s) === 'arbeidsgiver'),
        threadId: null,
      };
    case 'plan.shared': {
      const seat: Seat | null = e.payload.mottaker === 'fastlege' ? 'fastlege' : e.payload.mottaker === 'nav' ? 'veileder' : null;
      return seat === null ? null : { kind: 'plan_delt', thing: ref, seats: [seat], threadId: null };
    }
    case 'track.task_created': {
      const eier = str(e.payload.eier);
      return eier === null ? null : { kind: 'oppgave', thing: ref, seats: audience.filter((s) => s === eier), threadId: null };
    }
    case 'timeline.reminder':
      return {
        kind: e.payload.kind === 'SVAR_BEHOV' ? 'motebehov_svar' : 'frist',
        thing: `event:${e.seq}`,
        seats: audience,
        threadId: null,
      };
    default:
      return null;
  }
}

/** Which kind names a thing when two events count it (a forespørsel's message): the more telling one. */
export function strongerKind(a: VarselKind, b: VarselKind): VarselKind {
  return a === 'melding' ? b : a;
}

/** Delay before the next try after `attempts` failed ones: 30 s doubling, at most an hour. */
export function varselBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

const WHAT: Record<VarselKind, string> = {
  melding: 'en ny melding',
  foresporsel: 'en ny forespørsel fra NAV',
  paminnelse: 'en påminnelse om en forespørsel fra NAV',
  dialogmote_innkalling: 'en innkalling til dialogmøte',
  dialogmote_endring: 'en endring av et dialogmøte',
  dialogmote_avlyst: 'en avlysning av et dialogmøte',
  motebehov: 'et svar om behov for dialogmøte',
  motebehov_svar: 'et spørsmål fra NAV om behov for dialogmøte',
  plan_godkjenning: 'en oppfølgingsplan som venter på deg',
  plan_delt: 'en oppfølgingsplan som er delt med deg',
  oppgave: 'en ny oppgave',
  frist: 'en frist i oppfølgingen',
};

/**
 * How the case is named to the recipient: the sykmeldt's own, or, where the recipient may see it, the sykmeldt's
 * name. The hub stores no names, so others read a neutral label.
 */
export function varselCaseLabel(role: Role, sykmeldtNavn?: string): string {
  if (role === 'sykmeldt') return 'din sykefraværsoppfølging';
  return sykmeldtNavn ? `oppfølgingen av ${sykmeldtNavn}` : 'en sykefraværsoppfølging du deltar i';
}

/** The whole text a person gets: only that something waits, how many, in which case, and where to look. */
export interface VarselText {
  subject: string;
  body: string;
}

export function varselText(kinds: readonly VarselKind[], count: number, caseLabel: string, link: string): VarselText {
  const distinct = [...new Set(kinds)];
  const what = count === 1 && distinct.length === 1 ? WHAT[distinct[0]] : `${count} nye ting som venter på deg`;
  return {
    subject: 'Du har et nytt varsel fra NAV',
    body: `Hei!\n\nDu har ${what} i ${caseLabel}.\n\nLogg inn for å se det: ${link}\n\nDette er en automatisk melding. Du kan ikke svare på den.\n`,
  };
}

/** The text a browser notification shows: fixed, the same for every cause. */
export const VARSEL_BROWSER_TEXT = 'Du har noe nytt som venter i sykefraværsoppfølgingen.';

/** A person to tell, through the active relation that gives them the seat. */
export interface VarselRecipient {
  personId: string;
  role: Role;
  seat: Seat;
}

/**
 * Seats to persons through the case's active relations, without the actor who caused the event: nobody is told
 * about their own doing, and a seat nobody holds (an ended relation) tells nobody.
 */
export function varselRecipients(
  seats: readonly Seat[],
  activeRelations: readonly { role: Role; partyId: string; orgnr?: string | null }[],
  actorId: string,
): VarselRecipient[] {
  const out: VarselRecipient[] = [];
  for (const seat of new Set(seats)) {
    const role = roleOfSeat(seat);
    const orgnr = role === 'arbeidsgiver' ? seat.slice('arbeidsgiver:'.length) : undefined;
    for (const r of activeRelations) {
      if (r.role !== role || (orgnr !== undefined && r.orgnr !== orgnr) || r.partyId === actorId) continue;
      out.push({ personId: r.partyId, role, seat });
    }
  }
  return out;
}
