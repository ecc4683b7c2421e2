import type { Relation, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { nameFor, partyNameSubject } from '../names';
import { canRead } from './permitted';

export interface RelationView {
  id: string;
  role: Role;
  partyId: string;
  orgnr?: string;
  /** Arbeidsgiver: the virksomhet's name, to those who may read the relation. */
  virksomhetsnavn?: string;
  /** The party's display name, only where abilities.ts grants its PartyName. */
  navn?: string;
  startedAt: string;
  endedAt: string | null;
}

/** A relation the caller may read (the caller filters), with the party's name only where this audience may see it. */
export function toRelationView(ability: AppAbility, r: Relation): RelationView {
  const v: RelationView = {
    id: r.id,
    role: r.role,
    partyId: r.partyId,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  };
  if (r.orgnr !== undefined) v.orgnr = r.orgnr;
  if (r.virksomhetsnavn !== undefined) v.virksomhetsnavn = r.virksomhetsnavn;
  // A present party's name comes from the case state (the sykmeldt's falls back to the name given at opening); an ended
  // relation's from its own row, under the same grant.
  const navn =
    nameFor(ability, r.role, r.partyId) ??
    (r.navn !== undefined && canRead(ability, 'PartyName', partyNameSubject(r.caseId, r.role, r.orgnr)) ? r.navn : undefined);
  if (navn !== undefined) v.navn = navn;
  return v;
}
