import type { Dialogmote, DialogmoteKind, DialogmoteStatus, DialogmoteSvarType, ReferatPart, Role } from '@hub/domain';
import { referatFor } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { DIALOGMOTE_MAX_FIELDS, DIALOGMOTE_SVAR_FIELDS, REFERAT_MAX_FIELDS } from '../fields';
import { permitted } from './permitted';

/** A møte as the hub keeps it: the domain møte, its case and the one virksomhet it is held with. */
export interface DialogmoteRecord {
  caseId: string;
  orgnr: string;
  mote: Dialogmote;
}

export interface DialogmoteSvarView {
  role: Role;
  type?: DialogmoteSvarType;
  at?: string;
  onske?: string;
}

/** The parts of a referat this audience receives (libs/domain referatFor), each absent when not its to see. */
export type ReferatDelView = Partial<Record<ReferatPart, string>> & { skrevetAt?: string };

export interface DialogmoteView {
  id?: string;
  kind?: DialogmoteKind;
  status?: DialogmoteStatus;
  innkaltAv?: Role;
  deltakere?: Role[];
  orgnr?: string;
  tid?: string;
  sted?: string;
  videoLink?: string | null;
  createdAt?: string;
  updatedAt?: string;
  svar?: DialogmoteSvarView[];
  /** null until the møte is held (FERDIGSTILT). */
  referat?: ReferatDelView | null;
  /** The convener's limit on requests for a new time per party; null: no limit. */
  maksNyttTidOnsker?: number | null;
  /** Requests for a new time made so far, per party; a party at the limit sees that the convener decides the time. */
  nyttTidOnsker?: Partial<Record<Role, number>>;
  /** When the convener was told the fastlege had not answered in time (MOTE_SVAR_FRIST_HOURS); null otherwise. */
  fastlegeUbesvartAt?: string | null;
}

/** The møte as a CASL subject: conditions name its virksomhet, deltakere and convener. */
export function dialogmoteSubject(r: DialogmoteRecord): Record<string, unknown> {
  return {
    caseId: r.caseId,
    orgnr: r.orgnr,
    kind: r.mote.kind,
    status: r.mote.status,
    innkaltAv: r.mote.innkaltAv,
    deltakere: [...r.mote.deltakere],
  };
}

/** One participant's svar as a CASL subject: the møte plus whose svar it is. */
export function dialogmoteSvarSubject(r: DialogmoteRecord, role: Role): Record<string, unknown> {
  return { ...dialogmoteSubject(r), role };
}

function svarViews(ability: AppAbility, r: DialogmoteRecord): DialogmoteSvarView[] {
  const views: DialogmoteSvarView[] = [];
  for (const role of r.mote.deltakere) {
    const svar = r.mote.svar[role];
    if (!svar) continue;
    const f = permitted(ability, 'DialogmoteSvar', dialogmoteSvarSubject(r, role), DIALOGMOTE_SVAR_FIELDS);
    if (!f.has('role')) continue;
    const v: DialogmoteSvarView = { role };
    if (f.has('type')) v.type = svar.type;
    if (f.has('at')) v.at = svar.at.toISOString();
    if (f.has('onske') && svar.onske !== undefined) v.onske = svar.onske;
    views.push(v);
  }
  return views;
}

/** The referat parts the domain gives this role AND the ability grants; null while the møte is not held. */
function referatView(ability: AppAbility, role: Role, r: DialogmoteRecord): ReferatDelView | null {
  const parts = referatFor(role, r.mote);
  if (!parts) return null;
  const f = permitted(ability, 'Referat', dialogmoteSubject(r), REFERAT_MAX_FIELDS[role]);
  const view: ReferatDelView = {};
  for (const part of [
    'situasjon',
    'konklusjon',
    'arbeidstakerOppgave',
    'arbeidsgiverOppgave',
    'veilederOppgave',
    'behandlerOppgave',
  ] as const) {
    const text = parts[part];
    if (text !== undefined && f.has(part)) view[part] = text;
  }
  if (parts.skrevetAt && f.has('skrevetAt')) view.skrevetAt = parts.skrevetAt.toISOString();
  return view;
}

/** A møte as this audience may see it; a field not permitted is absent. */
export function toDialogmoteView(ability: AppAbility, role: Role, r: DialogmoteRecord): DialogmoteView {
  const f = permitted(ability, 'Dialogmote', dialogmoteSubject(r), DIALOGMOTE_MAX_FIELDS[role]);
  const m = r.mote;
  const v: DialogmoteView = {};
  if (f.has('id')) v.id = m.id;
  if (f.has('kind')) v.kind = m.kind;
  if (f.has('status')) v.status = m.status;
  if (f.has('innkaltAv')) v.innkaltAv = m.innkaltAv;
  if (f.has('deltakere')) v.deltakere = [...m.deltakere];
  if (f.has('orgnr')) v.orgnr = r.orgnr;
  if (f.has('tid')) v.tid = m.tidSted.tid.toISOString();
  if (f.has('sted')) v.sted = m.tidSted.sted;
  if (f.has('videoLink')) v.videoLink = m.tidSted.videoLink ?? null;
  if (f.has('createdAt')) v.createdAt = m.createdAt.toISOString();
  if (f.has('updatedAt')) v.updatedAt = m.updatedAt.toISOString();
  if (f.has('svar')) v.svar = svarViews(ability, r);
  if (f.has('referat')) v.referat = referatView(ability, role, r);
  if (f.has('maksNyttTidOnsker')) v.maksNyttTidOnsker = m.maksNyttTidOnsker ?? null;
  if (f.has('nyttTidOnsker')) v.nyttTidOnsker = { ...m.nyttTidOnsker };
  if (f.has('fastlegeUbesvartAt')) v.fastlegeUbesvartAt = m.fastlegeUbesvartAt?.toISOString() ?? null;
  return v;
}
