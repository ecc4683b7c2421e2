import type { CaseEvent } from '../events/case-event';
import type { MilestoneKey } from './milestones';

/**
 * What met a milestone (issue 16): an event in the hub that does what the law asks by the deadline (DOMAIN.md,
 * "Timeline of a case"), or a veileder's mark by hand (MANUELL) for what happens outside the hub.
 */
export type MilestoneCause = 'PLAN_DELT' | 'DM1_FERDIGSTILT' | 'MOTEBEHOV_SVAR' | 'DM2_FERDIGSTILT' | 'DM2_UNNTAK' | 'MANUELL';

export interface MilestoneMet {
  key: MilestoneKey;
  cause: MilestoneCause;
  /** The plan, møte or møtebehov the event was about (none for a DM2 unntak, which is one per case). */
  refId: string | null;
}

/**
 * The milestone an event meets, if any. Only these events meet one:
 * - week 4 OPPFOLGINGSPLAN: a plan version shared (`plan.shared`); only a version both parties approved can be shared;
 * - week 7 DIALOGMOTE_1: a DM1 ferdigstilt (held, referat written);
 * - week 16 MOTEBEHOV: a SVAR_BEHOV answered by the sykmeldt or the nærmeste leder (a MELD_BEHOV is not NAV's question);
 * - week 26 DIALOGMOTE_2: a DM2 ferdigstilt, or a DM2 unntak recorded.
 * AKTIVITETSKRAV (8), VURDERING_39_UKER (39) and MAKSDATO (52) are NAV's assessments outside the hub: marked by hand.
 */
export function milestoneMetBy(e: Pick<CaseEvent, 'type' | 'payload' | 'refId'>): MilestoneMet | undefined {
  const p = e.payload;
  const ref = (v: unknown): string | null => (typeof v === 'string' ? v : e.refId);
  switch (e.type) {
    case 'plan.shared':
      return { key: 'OPPFOLGINGSPLAN', cause: 'PLAN_DELT', refId: ref(p.planId) };
    case 'dialogmote.status_changed':
      if (p.to !== 'FERDIGSTILT') return undefined;
      if (p.kind === 'DM1') return { key: 'DIALOGMOTE_1', cause: 'DM1_FERDIGSTILT', refId: ref(p.moteId) };
      if (p.kind === 'DM2') return { key: 'DIALOGMOTE_2', cause: 'DM2_FERDIGSTILT', refId: ref(p.moteId) };
      return undefined;
    case 'dialogmote.dm2_unntak':
      return { key: 'DIALOGMOTE_2', cause: 'DM2_UNNTAK', refId: null };
    case 'motebehov.submitted':
      return p.skjemaType === 'SVAR_BEHOV' ? { key: 'MOTEBEHOV', cause: 'MOTEBEHOV_SVAR', refId: ref(p.motebehovId) } : undefined;
    default:
      return undefined;
  }
}
