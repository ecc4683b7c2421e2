import type { CaseAccess } from './case-access';
import type { AppAbility } from './abilities';
import { canRead } from './views/permitted';

/**
 * Names instead of ids (issue 16). A party's display name reaches an audience only where abilities.ts grants it
 * 'read' on that party's `PartyName`; the sykmeldt's fødselsnummer is a Case field and is never a name.
 */
const accessOf = new WeakMap<AppAbility, CaseAccess>();
const namesOf = new WeakMap<AppAbility, ReadonlyMap<string, string>>();

/** Ties an ability to the case state it was built from, so its names can be looked up later without a query. */
export function rememberCaseAccess(ability: AppAbility, access: CaseAccess): void {
  accessOf.set(ability, access);
}

function key(role: string, partyId: string): string {
  return `${role}:${partyId}`;
}

/** The sykmeldt's name: as their own token says, else as the veileder gave it when opening the case. */
export function sykmeldtNavnOf(access: CaseAccess): string | undefined {
  const own = access.relations.find((r) => r.role === 'sykmeldt' && r.partyId === access.case.sykmeldtId)?.navn;
  const given = access.case.sykmeldtNavn;
  return own ?? (given ? `${given.fornavn} ${given.etternavn}` : undefined);
}

/** The subject a party's name is checked under: the case, the party's role and, for a nærmeste leder, its virksomhet. */
export function partyNameSubject(caseId: string, role: string, orgnr: string | undefined): object {
  return { caseId, role, orgnr: orgnr ?? null };
}

/** The names of the case's present parties this audience may see, by role and subject. */
export function visibleNames(ability: AppAbility): ReadonlyMap<string, string> {
  const known = namesOf.get(ability);
  if (known) return known;
  const access = accessOf.get(ability);
  const names = new Map<string, string>();
  if (access) {
    for (const r of access.relations) {
      const navn = r.role === 'sykmeldt' && r.partyId === access.case.sykmeldtId ? sykmeldtNavnOf(access) : r.navn;
      if (navn && canRead(ability, 'PartyName', partyNameSubject(access.case.id, r.role, r.orgnr))) names.set(key(r.role, r.partyId), navn);
    }
  }
  namesOf.set(ability, names);
  return names;
}

/** One party's name for this audience, or undefined when it may not see it (or nobody knows it). */
export function nameFor(ability: AppAbility, role: string, partyId: string | undefined): string | undefined {
  return partyId === undefined ? undefined : visibleNames(ability).get(key(role, partyId));
}
