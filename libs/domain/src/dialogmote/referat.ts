import { Conflict, Forbidden } from '../errors';
import type { Actor, Role } from '../roles';
import { optionalText, requireText } from '../followup/text-rules';
import type { StatusChange } from './dialogmote-status';
import { changeStatus } from './dialogmote-status';
import type { Dialogmote } from './dialogmote';
import { mayManage } from './dialogmote';

export interface Referat {
  situasjon: string;
  konklusjon: string;
  arbeidstakerOppgave?: string;
  arbeidsgiverOppgave?: string;
  veilederOppgave?: string;
  behandlerOppgave?: string;
  skrevetAv: string;
  skrevetAt: Date;
}

export type ReferatInput = Pick<
  Referat,
  'situasjon' | 'konklusjon' | 'arbeidstakerOppgave' | 'arbeidsgiverOppgave' | 'veilederOppgave' | 'behandlerOppgave'
>;
export type ReferatPart = keyof ReferatInput;

export const REFERAT_FELT_MAX = 10_000;

/**
 * The referat parts each role may ever receive (allow-list). Each party gets situasjon, konklusjon and its own oppgave.
 * The sykmeldt sees all (DOMAIN.md: everything about their own case), and so does NAV, which wrote it.
 * The arbeidsgiver never gets behandlerOppgave (what the doctor is to do, e.g. "henvise til MR", is medical by nature)
 * nor arbeidstakerOppgave, which may name treatment. situasjon and konklusjon go to everyone, so the writer keeps
 * diagnoses out of them, as in NAV's own referat.
 */
export const REFERAT_PARTS: Record<Role, readonly ReferatPart[]> = {
  sykmeldt: ['situasjon', 'konklusjon', 'arbeidstakerOppgave', 'arbeidsgiverOppgave', 'veilederOppgave', 'behandlerOppgave'],
  veileder: ['situasjon', 'konklusjon', 'arbeidstakerOppgave', 'arbeidsgiverOppgave', 'veilederOppgave', 'behandlerOppgave'],
  arbeidsgiver: ['situasjon', 'konklusjon', 'arbeidsgiverOppgave'],
  fastlege: ['situasjon', 'konklusjon', 'behandlerOppgave'],
};

export type ReferatView = Partial<Pick<Referat, ReferatPart | 'skrevetAt'>>;

function validReferat(input: ReferatInput, by: string, at: Date): Referat {
  const parts: Referat = {
    situasjon: requireText('situasjon', input.situasjon, REFERAT_FELT_MAX),
    konklusjon: requireText('konklusjon', input.konklusjon, REFERAT_FELT_MAX),
    skrevetAv: by,
    skrevetAt: at,
  };
  for (const part of ['arbeidstakerOppgave', 'arbeidsgiverOppgave', 'veilederOppgave', 'behandlerOppgave'] as const) {
    const text = optionalText(part, input[part], REFERAT_FELT_MAX);
    if (text !== undefined) parts[part] = text;
  }
  return parts;
}

/** Holds the møte: moves to FERDIGSTILT (409 if the table refuses) and attaches its referat in the same step. */
export function ferdigstill(mote: Dialogmote, referat: ReferatInput, by: Actor, at: Date): [Dialogmote, StatusChange] {
  if (!mayManage(mote, by.role)) throw new Forbidden();
  const valid = validReferat(referat, by.sub, at);
  const [moved, change] = changeStatus(mote, 'FERDIGSTILT', by.sub, at);
  return [{ ...moved, referat: valid }, change];
}

/** Corrects the referat of a FERDIGSTILT møte; any other status (also LUKKET) is a Conflict. */
export function reviseReferat(mote: Dialogmote, referat: ReferatInput, by: Actor, at: Date): Dialogmote {
  if (!mayManage(mote, by.role)) throw new Forbidden();
  if (mote.status !== 'FERDIGSTILT') throw new Conflict(`No referat while ${mote.status}`);
  return { ...mote, referat: validReferat(referat, by.sub, at), updatedAt: at };
}

/** The referat as `role` may see it: only the listed parts, and nothing unless the møte was held. */
export function referatFor(role: Role, mote: Dialogmote): ReferatView | undefined {
  const referat = mote.referat;
  if (!referat || (mote.status !== 'FERDIGSTILT' && mote.status !== 'LUKKET')) return undefined;
  const view: ReferatView = { skrevetAt: referat.skrevetAt };
  for (const part of REFERAT_PARTS[role]) {
    const text = referat[part];
    if (text !== undefined) view[part] = text;
  }
  return view;
}
