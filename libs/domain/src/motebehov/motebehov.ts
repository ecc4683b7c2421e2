import { Conflict, Forbidden, Invalid } from '../errors';
import type { Actor, Role } from '../roles';
import { requireDate } from '../followup/dates';
import { optionalText, requireText } from '../followup/text-rules';
import { isWithinWindow, svarBehovWindow } from '../followup/sykefravaer-uke';

/** SVAR_BEHOV answers NAV's question in weeks 16–26; MELD_BEHOV is raised unasked, any time (DOMAIN.md, timeline). */
export type MotebehovSkjemaType = 'SVAR_BEHOV' | 'MELD_BEHOV';

export interface MotebehovSvar {
  harMotebehov: boolean;
  begrunnelse?: string;
  onskerSykmelderDeltar: boolean;
  onskerTolk: boolean;
  tolkSprak?: string;
}

export interface Motebehov {
  id: string;
  skjemaType: MotebehovSkjemaType;
  /** Only the two parties of the møte answer: sykmeldt or arbeidsgiver. */
  innmelder: Role;
  innmeldtAv: string;
  svar: MotebehovSvar;
  createdAt: Date;
  behandlet?: { by: string; at: Date };
}

export const MOTEBEHOV_BEGRUNNELSE_MAX = 1000;
export const TOLK_SPRAK_MAX = 100;

const INNMELDERE: readonly Role[] = ['sykmeldt', 'arbeidsgiver'];

/** True while a SVAR_BEHOV may be given: from the end of week 16 up to the end of week 26. */
export function isSvarBehovOpen(forsteSykedag: Date, at: Date): boolean {
  return isWithinWindow(svarBehovWindow(forsteSykedag), at);
}

function validSvar(skjemaType: MotebehovSkjemaType, svar: MotebehovSvar): MotebehovSvar {
  // Raising a need unasked is only ever a "yes"; a "no" belongs to SVAR_BEHOV.
  if (skjemaType === 'MELD_BEHOV' && !svar.harMotebehov) throw new Invalid('harMotebehov', 'trueForMeldBehov');
  const begrunnelse =
    skjemaType === 'SVAR_BEHOV' && svar.harMotebehov
      ? requireText('begrunnelse', svar.begrunnelse, MOTEBEHOV_BEGRUNNELSE_MAX)
      : optionalText('begrunnelse', svar.begrunnelse, MOTEBEHOV_BEGRUNNELSE_MAX);
  // tolkSprak iff onskerTolk: a language without a wish, or a wish without a language, cannot be booked.
  const tolkSprak = optionalText('tolkSprak', svar.tolkSprak, TOLK_SPRAK_MAX);
  if (svar.onskerTolk && tolkSprak === undefined) throw new Invalid('tolkSprak', 'required');
  if (!svar.onskerTolk && tolkSprak !== undefined) throw new Invalid('tolkSprak', 'onlyWithOnskerTolk');
  return {
    harMotebehov: svar.harMotebehov,
    onskerSykmelderDeltar: svar.onskerSykmelderDeltar,
    onskerTolk: svar.onskerTolk,
    ...(begrunnelse !== undefined ? { begrunnelse } : {}),
    ...(tolkSprak !== undefined ? { tolkSprak } : {}),
  };
}

export interface SubmitMotebehovInput {
  id: string;
  skjemaType: MotebehovSkjemaType;
  svar: MotebehovSvar;
  forsteSykedag: Date;
}

/**
 * A validated møtebehov from the sykmeldt or arbeidsgiver (403 for other roles). SVAR_BEHOV outside its window is a
 * Conflict: the request is well-formed, the case is just not at that point.
 */
export function submitMotebehov(input: SubmitMotebehovInput, by: Actor, at: Date): Motebehov {
  if (!INNMELDERE.includes(by.role)) throw new Forbidden();
  requireDate('at', at);
  const svar = validSvar(input.skjemaType, input.svar);
  if (input.skjemaType === 'SVAR_BEHOV' && !isSvarBehovOpen(input.forsteSykedag, at)) {
    throw new Conflict('SVAR_BEHOV is answered in weeks 16–26 only');
  }
  return { id: input.id, skjemaType: input.skjemaType, innmelder: by.role, innmeldtAv: by.sub, svar, createdAt: at };
}

/** A veileder marks the møtebehov handled, once; a second time is a Conflict so two veiledere cannot both claim it. */
export function markBehandlet(motebehov: Motebehov, by: Actor, at: Date): Motebehov {
  if (by.role !== 'veileder') throw new Forbidden();
  if (motebehov.behandlet) throw new Conflict('Møtebehov is already behandlet');
  return { ...motebehov, behandlet: { by: by.sub, at } };
}
