import { Conflict, Forbidden } from '../errors';
import type { Actor, Role } from '../roles';
import { optionalText } from '../followup/text-rules';
import type { Dialogmote } from './dialogmote';

/**
 * NAV's reasons for not holding DM2 (navikt/isdialogmotekandidat, domain/Unntak.kt, UnntakArsak). FRISKMELDT and
 * ARBEIDSFORHOLD_OPPHORT are deprecated there for new unntak ("bruk IkkeAktuell"), so they are not offered here.
 * (GRADERT_AKTIVITET is not in NAV's list: gradert sykmelding is an aktivitetskrav matter, not a DM2 unntak.)
 */
export const DM2_UNNTAK_ARSAKER = [
  'MEDISINSKE_GRUNNER',
  'INNLEGGELSE_INSTITUSJON',
  'FORVENTET_FRISKMELDING_INNEN_28UKER',
  'DOKUMENTERT_TILTAK_FRISKMELDING',
] as const;
export type Dm2UnntakArsak = (typeof DM2_UNNTAK_ARSAKER)[number];

export interface Dm2Unntak {
  arsak: Dm2UnntakArsak;
  beskrivelse?: string;
  by: string;
  at: Date;
}

/** The same bound as NAV's veileder form for unntak (2000 characters). */
export const DM2_UNNTAK_BESKRIVELSE_MAX = 2000;

export function isDm2UnntakArsak(value: unknown): value is Dm2UnntakArsak {
  return typeof value === 'string' && (DM2_UNNTAK_ARSAKER as readonly string[]).includes(value);
}

/**
 * A veileder records that DM2 is not needed. Refused (409) when an unntak exists already or a DM2 is open or held:
 * an open møte is cancelled first, so the parties are told.
 */
export function registerDm2Unntak(
  state: { moter: readonly Dialogmote[]; unntak?: Dm2Unntak },
  input: { arsak: Dm2UnntakArsak; beskrivelse?: string },
  by: Actor,
  at: Date,
): Dm2Unntak {
  if (by.role !== 'veileder') throw new Forbidden();
  if (state.unntak) throw new Conflict('DM2 already has an unntak');
  const blocking = state.moter.find((m) => m.kind === 'DM2' && m.status !== 'AVLYST' && m.status !== 'LUKKET');
  if (blocking) throw new Conflict(`A DM2 is ${blocking.status}`);
  const beskrivelse = optionalText('beskrivelse', input.beskrivelse, DM2_UNNTAK_BESKRIVELSE_MAX);
  return { arsak: input.arsak, by: by.sub, at, ...(beskrivelse ? { beskrivelse } : {}) };
}

/**
 * DM2 is still owed unless an unntak is recorded or a DM2 was held. (LUKKET after FERDIGSTILT keeps its referat, so a
 * held møte is recognised by the referat too.)
 */
export function isDm2Needed(state: { moter: readonly Dialogmote[]; unntak?: Dm2Unntak }): boolean {
  if (state.unntak) return false;
  return !state.moter.some((m) => m.kind === 'DM2' && (m.status === 'FERDIGSTILT' || m.referat !== undefined));
}

export type Dm2UnntakView = Partial<Dm2Unntak>;

/**
 * What each role sees of an unntak. The arbeidsgiver learns only that DM2 will not be held and when: the arsak
 * (MEDISINSKE_GRUNNER, INNLEGGELSE_INSTITUSJON) and the free text are health information (DOMAIN.md, taushetsplikt).
 * The fastlege gets nothing; the unntak is NAV's decision about the sykmeldt.
 */
export function dm2UnntakFor(role: Role, unntak: Dm2Unntak): Dm2UnntakView | undefined {
  switch (role) {
    case 'sykmeldt':
    case 'veileder':
      return { ...unntak };
    case 'arbeidsgiver':
      return { at: unntak.at };
    case 'fastlege':
      return undefined;
    default: {
      const unknown: never = role;
      throw new Error(`Unhandled role ${String(unknown)}`);
    }
  }
}
