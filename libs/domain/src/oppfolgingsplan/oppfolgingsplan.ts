import { Conflict, Forbidden, Invalid } from '../errors';
import type { Actor, Role } from '../roles';
import { requireDate } from '../followup/dates';
import { requireText } from '../followup/text-rules';

export interface PlanInnhold {
  arbeidsoppgaver: string;
  tilrettelegging: string;
  oppfolging: string;
  evalueringsdato: Date;
}

/** One version of the plan. Versions are frozen: an edit adds a version and never changes an old one. */
export interface PlanVersjon {
  readonly versjon: number;
  readonly innhold: Readonly<PlanInnhold>;
  readonly lagetAv: Role;
  readonly lagetAt: Date;
}

export interface PlanGodkjenning {
  readonly versjon: number;
  readonly role: Role;
  readonly by: string;
  readonly at: Date;
}

export interface PlanKommentar {
  readonly versjon: number;
  readonly role: Role;
  readonly by: string;
  readonly tekst: string;
  readonly at: Date;
}

/** "Sent to sykmelder; to NAV on request" (DOMAIN.md, timeline, week 4). */
export type PlanMottaker = 'fastlege' | 'nav';

export interface PlanDeling {
  readonly versjon: number;
  readonly mottaker: PlanMottaker;
  readonly at: Date;
}

export interface Oppfolgingsplan {
  readonly id: string;
  readonly versjoner: readonly PlanVersjon[];
  /** Approvals are per version, so an edit leaves the new latest version with none: that is how edits clear them. */
  readonly godkjenninger: readonly PlanGodkjenning[];
  readonly kommentarer: readonly PlanKommentar[];
  readonly delinger: readonly PlanDeling[];
}

export const PLAN_TEKST_MAX = 4000;
export const PLAN_KOMMENTAR_MAX = 1000;

/** The two parties who write the plan together (arbeidsmiljøloven § 4-6 (3)). */
const PARTER: readonly Role[] = ['arbeidsgiver', 'sykmeldt'];

function validInnhold(innhold: PlanInnhold, at: Date): Readonly<PlanInnhold> {
  requireDate('evalueringsdato', innhold.evalueringsdato);
  if (innhold.evalueringsdato.getTime() <= at.getTime()) throw new Invalid('evalueringsdato', 'future');
  return Object.freeze({
    arbeidsoppgaver: requireText('arbeidsoppgaver', innhold.arbeidsoppgaver, PLAN_TEKST_MAX),
    tilrettelegging: requireText('tilrettelegging', innhold.tilrettelegging, PLAN_TEKST_MAX),
    oppfolging: requireText('oppfolging', innhold.oppfolging, PLAN_TEKST_MAX),
    evalueringsdato: new Date(innhold.evalueringsdato.getTime()),
  });
}

function newVersion(versjon: number, innhold: PlanInnhold, by: Actor, at: Date): PlanVersjon {
  return Object.freeze({ versjon, innhold: validInnhold(innhold, at), lagetAv: by.role, lagetAt: at });
}

export function latestPlanVersion(plan: Oppfolgingsplan): PlanVersjon {
  const latest = plan.versjoner[plan.versjoner.length - 1];
  if (!latest) throw new Conflict('Plan has no version');
  return latest;
}

function requireVersion(plan: Oppfolgingsplan, versjon: number): PlanVersjon {
  const found = plan.versjoner.find((v) => v.versjon === versjon);
  if (!found) throw new Invalid('versjon', 'unknown');
  return found;
}

function requirePart(by: Actor): void {
  if (!PARTER.includes(by.role)) throw new Forbidden();
}

/** The arbeidsgiver drafts version 1 (403 for anyone else). */
export function draftPlan(id: string, innhold: PlanInnhold, by: Actor, at: Date): Oppfolgingsplan {
  if (by.role !== 'arbeidsgiver') throw new Forbidden();
  return { id, versjoner: [newVersion(1, innhold, by, at)], godkjenninger: [], kommentarer: [], delinger: [] };
}

/** Either party edits: a new latest version, which has no approvals yet; old versions stay as they were. */
export function editPlan(plan: Oppfolgingsplan, innhold: PlanInnhold, by: Actor, at: Date): Oppfolgingsplan {
  requirePart(by);
  const next = newVersion(latestPlanVersion(plan).versjon + 1, innhold, by, at);
  return { ...plan, versjoner: [...plan.versjoner, next] };
}

/** Either party comments on a named version. */
export function commentPlan(plan: Oppfolgingsplan, versjon: number, tekst: string, by: Actor, at: Date): Oppfolgingsplan {
  requirePart(by);
  requireVersion(plan, versjon);
  const kommentar: PlanKommentar = { versjon, role: by.role, by: by.sub, tekst: requireText('tekst', tekst, PLAN_KOMMENTAR_MAX), at };
  return { ...plan, kommentarer: [...plan.kommentarer, kommentar] };
}

/**
 * A party approves the version it read. Only the latest may be approved: approving an older one means the other
 * party edited meanwhile, a Conflict the client resolves by reading again. Approving twice changes nothing.
 */
export function approveVersion(plan: Oppfolgingsplan, versjon: number, by: Actor, at: Date): Oppfolgingsplan {
  requirePart(by);
  requireVersion(plan, versjon);
  if (latestPlanVersion(plan).versjon !== versjon) throw new Conflict('Only the latest version can be approved');
  if (plan.godkjenninger.some((g) => g.versjon === versjon && g.role === by.role)) return plan;
  return { ...plan, godkjenninger: [...plan.godkjenninger, { versjon, role: by.role, by: by.sub, at }] };
}

/** True when both arbeidsgiver and sykmeldt approved this very version. */
export function isVersionApproved(plan: Oppfolgingsplan, versjon: number): boolean {
  return PARTER.every((role) => plan.godkjenninger.some((g) => g.versjon === versjon && g.role === role));
}

/** The plan is approved when both parties approved the SAME latest version. */
export function isPlanApproved(plan: Oppfolgingsplan): boolean {
  return isVersionApproved(plan, latestPlanVersion(plan).versjon);
}

/** The plan in force: the newest version both approved (an edit under discussion does not unseat it). */
export function currentApprovedVersion(plan: Oppfolgingsplan): PlanVersjon | undefined {
  return [...plan.versjoner].reverse().find((v) => isVersionApproved(plan, v.versjon));
}

/**
 * The arbeidsgiver shares an approved version with the fastlege and/or NAV; an unapproved version is a Conflict.
 * Sharing the same version with the same mottaker again changes nothing.
 */
export function shareVersion(
  plan: Oppfolgingsplan,
  versjon: number,
  mottakere: readonly PlanMottaker[],
  by: Actor,
  at: Date,
): Oppfolgingsplan {
  if (by.role !== 'arbeidsgiver') throw new Forbidden();
  requireVersion(plan, versjon);
  if (mottakere.length === 0) throw new Invalid('mottakere', 'required');
  if (!isVersionApproved(plan, versjon)) throw new Conflict('Only an approved version can be shared');
  const fresh = [...new Set(mottakere)].filter((m) => !plan.delinger.some((d) => d.versjon === versjon && d.mottaker === m));
  if (fresh.length === 0) return plan;
  return { ...plan, delinger: [...plan.delinger, ...fresh.map((mottaker) => ({ versjon, mottaker, at }))] };
}

function sharedWith(plan: Oppfolgingsplan, mottaker: PlanMottaker): PlanVersjon[] {
  return plan.versjoner.filter((v) => plan.delinger.some((d) => d.versjon === v.versjon && d.mottaker === mottaker));
}

/** Versions `role` may see: the two parties all of them; fastlege and veileder only those shared with them. */
export function versionsVisibleTo(plan: Oppfolgingsplan, role: Role): PlanVersjon[] {
  switch (role) {
    case 'sykmeldt':
    case 'arbeidsgiver':
      return [...plan.versjoner];
    case 'fastlege':
      return sharedWith(plan, 'fastlege');
    case 'veileder':
      return sharedWith(plan, 'nav');
    default: {
      const unknown: never = role;
      throw new Error(`Unhandled role ${String(unknown)}`);
    }
  }
}
