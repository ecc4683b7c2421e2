import type { Actor, Case, Consent, Relation, Seat, Thread } from '@hub/domain';
import { seatOf } from '@hub/domain';

/** The live state of one case that every access decision is computed from. */
export interface CaseAccess {
  case: Case;
  /** Relations active now. */
  relations: Relation[];
  /** Consents not revoked. */
  consents: Consent[];
  /** Every thread of the case with its current participant seats. */
  threads: Thread[];
}

/**
 * The seats an actor holds in a case: one per active relation of theirs in their role; a veileder also
 * holds the veileder seat of cases belonging to their NAV-enhet (DOMAIN.md, the four roles).
 */
export function seatsOf(actor: Actor, access: CaseAccess): Seat[] {
  const seats = new Set<Seat>();
  for (const r of access.relations) {
    if (r.role === actor.role && r.partyId === actor.sub) seats.add(seatOf(r));
  }
  if (actor.role === 'veileder' && actor.enhet !== undefined && access.case.enhet === actor.enhet) seats.add('veileder');
  return [...seats];
}

export function threadIdsOf(seat: Seat, access: CaseAccess): string[] {
  return access.threads.filter((t) => t.participants.includes(seat)).map((t) => t.id);
}

export function hasConsent(access: CaseAccess, orgnr: string, scope: Consent['scope']): boolean {
  return access.consents.some((c) => c.orgnr === orgnr && c.scope === scope && c.revokedAt === undefined);
}
