import type { Relation, Role } from '@hub/domain';

export interface RelationView {
  id: string;
  role: Role;
  partyId: string;
  orgnr?: string;
  startedAt: string;
  endedAt: string | null;
}

export function toRelationView(r: Relation): RelationView {
  const v: RelationView = {
    id: r.id,
    role: r.role,
    partyId: r.partyId,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  };
  if (r.orgnr !== undefined) v.orgnr = r.orgnr;
  return v;
}
