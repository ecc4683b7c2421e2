import { Invalid } from '../errors';
import type { Seat } from './case';
import { isSeat, roleOfSeat } from './case';

/**
 * Checks a thread's participant set: known seats, at least two, the creator among them, and never the
 * fastlege and an arbeidsgiver without the sykmeldt: what passes between doctor and employer the sykmeldt
 * must see (seeds/004: consent before the fastlege and the employer share anything).
 */
export function validateParticipants(participants: readonly string[], creatorSeats: readonly Seat[], heldSeats: readonly Seat[]): Seat[] {
  const unique = [...new Set(participants)];
  for (const p of unique)
    if (!isSeat(p))
      throw new Invalid('participants', 'isSeat', `Unknown participant: use sykmeldt, fastlege, veileder or arbeidsgiver:<orgnr>`);
  const seats = unique as Seat[];
  if (seats.length < 2) throw new Invalid('participants', 'arrayMinSize', 'A thread needs at least two participants');
  if (!seats.some((s) => creatorSeats.includes(s)))
    throw new Invalid('participants', 'includesCreator', 'The creator must take part in the thread');
  for (const s of seats)
    if (!heldSeats.includes(s)) throw new Invalid('participants', 'activeParty', 'Every participant must be an active party of the case');
  assertSykmeldtWithLegeAndLeder(seats);
  return seats;
}

/** Taking a seat out must not leave the fastlege and an arbeidsgiver in a thread without the sykmeldt. */
export function validateRemoval(participants: readonly Seat[], seat: Seat): void {
  assertSykmeldtWithLegeAndLeder(participants.filter((s) => s !== seat));
}

function assertSykmeldtWithLegeAndLeder(seats: readonly Seat[]): void {
  const hasLege = seats.includes('fastlege');
  const hasLeder = seats.some((s) => roleOfSeat(s) === 'arbeidsgiver');
  if (hasLege && hasLeder && !seats.includes('sykmeldt')) {
    throw new Invalid(
      'participants',
      'sykmeldtWhenLegeAndLeder',
      'A thread with the fastlege and an arbeidsgiver must include the sykmeldt',
    );
  }
}
