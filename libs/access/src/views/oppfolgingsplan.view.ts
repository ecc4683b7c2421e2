import type { Oppfolgingsplan, PlanMottaker, PlanVersjon, Role } from '@hub/domain';
import { currentApprovedVersion, isPlanApproved, isVersionApproved, versionsVisibleTo } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { PLAN_MAX_FIELDS } from '../fields';
import { canRead, permitted } from './permitted';

/** A plan as the hub keeps it: the domain plan, the case and the virksomhet it belongs to. */
export interface PlanRecord {
  caseId: string;
  orgnr: string;
  createdAt: Date;
  plan: Oppfolgingsplan;
}

export interface PlanGodkjenningView {
  role: Role;
  at: string;
}

export interface PlanVersjonView {
  versjon: number;
  arbeidsoppgaver: string;
  tilrettelegging: string;
  oppfolging: string;
  /** YYYY-MM-DD */
  evalueringsdato: string;
  lagetAv: Role;
  lagetAt: string;
  godkjentAv: PlanGodkjenningView[];
  /** Both parties approved this very version. */
  godkjent: boolean;
}

export interface PlanKommentarView {
  versjon: number;
  role: Role;
  tekst: string;
  at: string;
}

export interface PlanDelingView {
  versjon: number;
  mottaker: PlanMottaker;
  at: string;
}

export interface OppfolgingsplanView {
  id?: string;
  orgnr?: string;
  createdAt?: string;
  /** GODKJENT when both parties approved the latest version. */
  status?: 'UNDER_ARBEID' | 'GODKJENT';
  /** The newest version both approved (the plan in force), or null. */
  gjeldendeVersjon?: number | null;
  versjoner?: PlanVersjonView[];
  kommentarer?: PlanKommentarView[];
  delinger?: PlanDelingView[];
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function mottakereOf(plan: Oppfolgingsplan, versjon?: number): PlanMottaker[] {
  return [...new Set(plan.delinger.filter((d) => versjon === undefined || d.versjon === versjon).map((d) => d.mottaker))];
}

/** The plan as a CASL subject: `deltMed` holds every mottaker any version was shared with. */
export function planSubject(p: PlanRecord): Record<string, unknown> {
  return { caseId: p.caseId, orgnr: p.orgnr, deltMed: mottakereOf(p.plan) };
}

/** One version as a CASL subject: `deltMed` holds the mottakere of this version only. */
export function planVersjonSubject(p: PlanRecord, versjon: number): Record<string, unknown> {
  return { caseId: p.caseId, orgnr: p.orgnr, deltMed: mottakereOf(p.plan, versjon) };
}

function versjonView(plan: Oppfolgingsplan, v: PlanVersjon): PlanVersjonView {
  return {
    versjon: v.versjon,
    arbeidsoppgaver: v.innhold.arbeidsoppgaver,
    tilrettelegging: v.innhold.tilrettelegging,
    oppfolging: v.innhold.oppfolging,
    evalueringsdato: day(v.innhold.evalueringsdato),
    lagetAv: v.lagetAv,
    lagetAt: v.lagetAt.toISOString(),
    godkjentAv: plan.godkjenninger.filter((g) => g.versjon === v.versjon).map((g) => ({ role: g.role, at: g.at.toISOString() })),
    godkjent: isVersionApproved(plan, v.versjon),
  };
}

/**
 * The plan as this audience may see it. A version leaves only when the ability grants it AND the domain rule
 * (`versionsVisibleTo`) agrees, so the fastlege and NAV get exactly the versions shared with them.
 */
export function toOppfolgingsplanView(ability: AppAbility, role: Role, p: PlanRecord): OppfolgingsplanView {
  const f = permitted(ability, 'Oppfolgingsplan', planSubject(p), PLAN_MAX_FIELDS[role]);
  const plan = p.plan;
  const visible = new Set(versionsVisibleTo(plan, role).map((v) => v.versjon));
  const versjoner = plan.versjoner.filter(
    (v) => visible.has(v.versjon) && canRead(ability, 'PlanVersjon', planVersjonSubject(p, v.versjon)),
  );
  const seen = new Set(versjoner.map((v) => v.versjon));
  const view: OppfolgingsplanView = {};
  if (f.has('id')) view.id = plan.id;
  if (f.has('orgnr')) view.orgnr = p.orgnr;
  if (f.has('createdAt')) view.createdAt = p.createdAt.toISOString();
  if (f.has('status')) view.status = isPlanApproved(plan) ? 'GODKJENT' : 'UNDER_ARBEID';
  if (f.has('gjeldendeVersjon')) view.gjeldendeVersjon = currentApprovedVersion(plan)?.versjon ?? null;
  if (f.has('versjoner')) view.versjoner = versjoner.map((v) => versjonView(plan, v));
  if (f.has('kommentarer')) {
    view.kommentarer = plan.kommentarer
      .filter((k) => seen.has(k.versjon))
      .map((k) => ({ versjon: k.versjon, role: k.role, tekst: k.tekst, at: k.at.toISOString() }));
  }
  if (f.has('delinger'))
    view.delinger = plan.delinger
      .filter((d) => seen.has(d.versjon))
      .map((d) => ({ versjon: d.versjon, mottaker: d.mottaker, at: d.at.toISOString() }));
  return view;
}
