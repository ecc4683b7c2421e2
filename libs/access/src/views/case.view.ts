import type { Case, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { MAX_FIELDS } from '../fields';
import { permitted } from './permitted';

export interface CaseView {
  id?: string;
  startDate?: string;
  enhet?: string | null;
  sykmeldtFnr?: string;
  sykmeldtId?: string;
  createdAt?: string;
  lastSeq?: number;
}

export function toCaseView(ability: AppAbility, role: Role, c: Case): CaseView {
  const f = permitted(ability, 'Case', c, MAX_FIELDS.Case[role]);
  const v: CaseView = {};
  if (f.has('id')) v.id = c.id;
  if (f.has('startDate')) v.startDate = c.startDate;
  if (f.has('enhet')) v.enhet = c.enhet ?? null;
  if (f.has('sykmeldtFnr')) v.sykmeldtFnr = c.sykmeldtFnr;
  if (f.has('sykmeldtId')) v.sykmeldtId = c.sykmeldtId;
  if (f.has('createdAt')) v.createdAt = c.createdAt.toISOString();
  if (f.has('lastSeq')) v.lastSeq = c.lastSeq;
  return v;
}
