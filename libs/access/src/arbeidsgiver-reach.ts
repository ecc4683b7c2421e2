import type { Seat } from '@hub/domain';
import { roleOfSeat } from '@hub/domain';
import type { AppAbility, SubjectName } from './abilities';
import { defineAbility } from './abilities';
import type { CaseAccess } from './case-access';
import { tagged } from './views/permitted';

const abilities = new WeakMap<CaseAccess, Map<Seat, AppAbility>>();

function seatAbility(access: CaseAccess, seat: Seat): AppAbility {
  let bySeat = abilities.get(access);
  if (!bySeat) abilities.set(access, (bySeat = new Map<Seat, AppAbility>()));
  let ability = bySeat.get(seat);
  if (!ability) bySeat.set(seat, (ability = defineAbility([seat], access)));
  return ability;
}

/**
 * Whether some arbeidsgiver seat would read `field` of this record (issue 19: open text bound for an employer is
 * checked for health information). Asked of the same grants that decide delivery, for every arbeidsgiver seat the
 * case has now, every one a thread names (a later leader of that virksomhet takes the same seat) and `alsoSeats`,
 * the seats a write is about to create (a new thread's participants, a plan's virksomhet).
 */
export function reachesArbeidsgiver(
  access: CaseAccess,
  subjectName: SubjectName,
  record: object,
  field?: string,
  alsoSeats: readonly string[] = [],
): boolean {
  const seats = new Set<Seat>();
  const add = (s: string) => {
    if (s.startsWith('arbeidsgiver:')) seats.add(s as Seat);
  };
  for (const r of access.relations) if (r.role === 'arbeidsgiver' && r.orgnr !== undefined) add(`arbeidsgiver:${r.orgnr}`);
  for (const t of access.threads) t.participants.forEach(add);
  alsoSeats.forEach(add);
  const subject = tagged(subjectName, record);
  for (const seat of seats) {
    if (roleOfSeat(seat) === 'arbeidsgiver' && seatAbility(access, seat).can('read', subject, field)) return true;
  }
  return false;
}
