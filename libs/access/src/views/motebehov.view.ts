import type { Motebehov, MotebehovSkjemaType, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { MOTEBEHOV_MAX_FIELDS } from '../fields';
import { canRead, permitted } from './permitted';

/** A møtebehov as the hub keeps it: the domain record, its case and, for an arbeidsgiver's, the virksomhet. */
export interface MotebehovRecord {
  caseId: string;
  /** null for the sykmeldt's own. */
  orgnr: string | null;
  motebehov: Motebehov;
}

export interface MotebehovView {
  id?: string;
  skjemaType?: MotebehovSkjemaType;
  innmelder?: Role;
  harMotebehov?: boolean;
  begrunnelse?: string | null;
  onskerSykmelderDeltar?: boolean;
  onskerTolk?: boolean;
  tolkSprak?: string | null;
  createdAt?: string;
  behandletAt?: string | null;
  behandletAv?: string | null;
}

/** The møtebehov as a CASL subject: who gave it and for which virksomhet decide who sees what. */
export function motebehovSubject(r: MotebehovRecord): Record<string, unknown> {
  return { caseId: r.caseId, innmelder: r.motebehov.innmelder, orgnr: r.orgnr };
}

export function canReadMotebehov(ability: AppAbility, r: MotebehovRecord): boolean {
  return canRead(ability, 'Motebehov', motebehovSubject(r));
}

/**
 * A møtebehov as this audience may see it. The sykmeldt's begrunnelse is health information: the arbeidsgiver's grant
 * for the sykmeldt's møtebehov lists no begrunnelse (abilities.ts), so the key is absent, not nulled.
 */
export function toMotebehovView(ability: AppAbility, role: Role, r: MotebehovRecord): MotebehovView {
  const f = permitted(ability, 'Motebehov', motebehovSubject(r), MOTEBEHOV_MAX_FIELDS[role]);
  const m = r.motebehov;
  const v: MotebehovView = {};
  if (f.has('id')) v.id = m.id;
  if (f.has('skjemaType')) v.skjemaType = m.skjemaType;
  if (f.has('innmelder')) v.innmelder = m.innmelder;
  if (f.has('harMotebehov')) v.harMotebehov = m.svar.harMotebehov;
  if (f.has('begrunnelse')) v.begrunnelse = m.svar.begrunnelse ?? null;
  if (f.has('onskerSykmelderDeltar')) v.onskerSykmelderDeltar = m.svar.onskerSykmelderDeltar;
  if (f.has('onskerTolk')) v.onskerTolk = m.svar.onskerTolk;
  if (f.has('tolkSprak')) v.tolkSprak = m.svar.tolkSprak ?? null;
  if (f.has('createdAt')) v.createdAt = m.createdAt.toISOString();
  if (f.has('behandletAt')) v.behandletAt = m.behandlet?.at.toISOString() ?? null;
  if (f.has('behandletAv')) v.behandletAv = m.behandlet?.by ?? null;
  return v;
}
