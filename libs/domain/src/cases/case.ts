import { Invalid } from '../errors';
import type { Role } from '../roles';

/** A sykefraværstilfelle: one sykmeldt, from the first sick day. */
export interface Case {
  id: string;
  sykmeldtFnr: string;
  /** The sykmeldt's identity at the identity provider (the token's `sub`). */
  sykmeldtId: string;
  /** First sick day, YYYY-MM-DD. */
  startDate: string;
  enhet?: string;
  /** Given by the veileder when opening the case; only for the MsgHead Patient of dialogmeldinger (issue 21). */
  sykmeldtNavn?: { fornavn: string; etternavn: string };
  createdAt: Date;
  lastSeq: number;
}

/** A party's place in a case. It can end; an ended relation grants nothing from that moment on. */
export interface Relation {
  id: string;
  caseId: string;
  role: Role;
  partyId: string;
  /** The virksomhet the nærmeste leder leads for (arbeidsgiver only). */
  orgnr?: string;
  /** Arbeidsgiver: the virksomhet's name, given when the relation is registered. */
  virksomhetsnavn?: string;
  /** The party's display name as their last token said (persons table); read live, never stored with the relation. */
  navn?: string;
  herId?: string;
  hprNr?: string;
  /** Fastlege: the legekontor's name, written in the MsgHead Receiver of dialogmeldinger. */
  legekontorNavn?: string;
  startedAt: Date;
  startedBy: string;
  endedAt?: Date;
  endedBy?: string;
  endReason?: string;
}

/**
 * A seat is who takes part, independent of the person holding it: a role, and for an arbeidsgiver its
 * virksomhet. Thread participants and socket audiences are seats, so a handover or a new nærmeste leder
 * carries on where the previous one stood.
 */
export type Seat = 'sykmeldt' | 'fastlege' | 'veileder' | `arbeidsgiver:${string}`;

export function seatOf(r: Pick<Relation, 'role' | 'orgnr'>): Seat {
  return r.role === 'arbeidsgiver' ? `arbeidsgiver:${r.orgnr ?? ''}` : r.role;
}

export function roleOfSeat(seat: Seat): Role {
  return seat.startsWith('arbeidsgiver:') ? 'arbeidsgiver' : (seat as Role);
}

export function orgnrOfSeat(seat: Seat): string | undefined {
  return seat.startsWith('arbeidsgiver:') ? seat.slice('arbeidsgiver:'.length) : undefined;
}

export function isSeat(value: string): value is Seat {
  return value === 'sykmeldt' || value === 'fastlege' || value === 'veileder' || /^arbeidsgiver:\d{9}$/.test(value);
}

/** Orgnr: 9 digits with a mod-11 control digit (Brønnøysund). */
export function isValidOrgnr(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(value[i]), 0);
  const k = 11 - (sum % 11);
  const control = k === 11 ? 0 : k;
  return control !== 10 && control === Number(value[8]);
}

export type ConsentScope = 'funksjonsevne';

/** The sykmeldt's consent that one virksomhet's nærmeste leder may see health information of a scope. */
export interface Consent {
  id: string;
  caseId: string;
  orgnr: string;
  scope: ConsentScope;
  grantedAt: Date;
  revokedAt?: Date;
}

/**
 * A first sick day is a real calendar day no later than a year ahead (a sykmelding may be written ahead of time)
 * and no earlier than 2000: anything else would put the timeline and the retention date out of reach.
 */
export function assertStartDate(startDate: string, now: Date): void {
  const day = new Date(`${startDate}T00:00:00Z`);
  const latest = new Date(now.getTime() + 366 * 86_400_000);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== startDate) throw new Invalid('startDate', 'isDate');
  if (day < new Date('2000-01-01T00:00:00Z') || day > latest)
    throw new Invalid('startDate', 'plausibleDate', 'startDate must be from 2000 and at most a year ahead');
}
