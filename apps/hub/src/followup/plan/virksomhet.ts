import type { CaseAccess } from '@hub/access';
import type { Seat } from '@hub/domain';
import { Invalid, orgnrOfSeat, seatOf } from '@hub/domain';

/**
 * The virksomhet an arbeidsgiver acts for: the one it asked for if it holds that seat, else its only one. Undefined
 * when it holds no arbeidsgiver seat (the ability then refuses). A leader for two virksomheter must say which.
 */
export function orgnrOfActor(seats: readonly Seat[], requested: string | undefined): string | undefined {
  const held = seats.flatMap((s) => orgnrOfSeat(s) ?? []);
  if (requested !== undefined) {
    if (!held.includes(requested)) throw new Invalid('orgnr', 'notYourVirksomhet');
    return requested;
  }
  if (held.length > 1) throw new Invalid('orgnr', 'required');
  return held[0];
}

/** A virksomhet with an active nærmeste leder in the case: the one named, else the only one. */
export function orgnrInCase(access: CaseAccess, requested: string | undefined): string {
  const held = [...new Set(access.relations.flatMap((r) => orgnrOfSeat(seatOf(r)) ?? []))];
  if (requested !== undefined) {
    if (!held.includes(requested)) throw new Invalid('orgnr', 'notInCase');
    return requested;
  }
  if (held.length !== 1) throw new Invalid('orgnr', held.length === 0 ? 'notInCase' : 'required');
  return held[0];
}

/** Every arbeidsgiver seat held in the case now. */
export function arbeidsgiverSeats(access: CaseAccess): Seat[] {
  return [...new Set(access.relations.filter((r) => r.role === 'arbeidsgiver').map(seatOf))];
}
