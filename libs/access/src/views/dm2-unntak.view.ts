import type { Dm2Unntak, Dm2UnntakArsak, Role } from '@hub/domain';
import { dm2UnntakFor } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { DM2_UNNTAK_MAX_FIELDS } from '../fields';
import { permitted } from './permitted';

export interface UnntakView {
  arsak?: Dm2UnntakArsak;
  beskrivelse?: string;
  by?: string;
  at?: string;
}

/**
 * A DM2 unntak as this audience may see it: what dm2UnntakFor gives the role AND the ability grants. Undefined when
 * nothing may be seen, so the caller answers as if there were none.
 */
export function toDm2UnntakView(ability: AppAbility, role: Role, caseId: string, unntak: Dm2Unntak): UnntakView | undefined {
  const shown = dm2UnntakFor(role, unntak);
  if (!shown) return undefined;
  const f = permitted(ability, 'Dm2Unntak', { caseId }, DM2_UNNTAK_MAX_FIELDS[role]);
  const v: UnntakView = {};
  if (f.has('arsak') && shown.arsak !== undefined) v.arsak = shown.arsak;
  if (f.has('beskrivelse') && shown.beskrivelse !== undefined) v.beskrivelse = shown.beskrivelse;
  if (f.has('by') && shown.by !== undefined) v.by = shown.by;
  if (f.has('at') && shown.at !== undefined) v.at = shown.at.toISOString();
  return Object.keys(v).length > 0 ? v : undefined;
}
