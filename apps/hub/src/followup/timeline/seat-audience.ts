import type { Seat } from '@hub/domain';
import { seatOf } from '@hub/domain';
import type { CaseAccess, SubjectName } from '@hub/access';
import { tagged } from '@hub/access';
import type { CaseAccessService } from '../../access/case-access.service';

/**
 * The seats of the case whose own ability lets them read the subject: the audience of an event about it. Computed
 * from the same grants as the REST views, so an event never reaches a seat that could not read what it names.
 */
export function readersOf(access: CaseAccessService, state: CaseAccess, name: SubjectName, subject: object): Seat[] {
  const seats = new Set<Seat>(['sykmeldt', 'veileder', ...state.relations.map(seatOf)]);
  return [...seats].filter((seat) => access.abilityForSeat(state, seat).can('read', tagged(name, subject))).sort();
}

/** The seats held in the case now (the sykmeldt's and NAV's always): the places a task or a reminder can go to. */
export function seatsInCase(state: CaseAccess): Seat[] {
  return [...new Set<Seat>(['sykmeldt', 'veileder', ...state.relations.map(seatOf)])].sort();
}
