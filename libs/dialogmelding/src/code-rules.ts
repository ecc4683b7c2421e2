import type { Kodeverk } from './code-lists';
import { isKode, kodeTekst, kodeverkForOid } from './code-lists';
import type { CodedValue, DialogKode, DialogMessageType } from './inbound-types';
import { refuse, safe } from './refusal';

export type KodeElement = 'TemaKodet' | 'TypeForesp';

// Which lists each code element may use in each message type, in the order a code without S is
// read against them (lege→NAV first). Sources: DOMAIN.md "Dialogmelding", padm2 DialogmeldingType.kt.
const TEMA_KODET: Record<DialogMessageType, readonly Kodeverk[]> = {
  DIALOG_NOTAT: ['8128', '8127'],
  DIALOG_SVAR: ['8126', '9069'],
  DIALOG_FORESPORSEL: [],
};
const TYPE_FORESP: Record<DialogMessageType, readonly Kodeverk[]> = {
  DIALOG_FORESPORSEL: ['8125', '8129'],
  DIALOG_SVAR: ['8125', '8129'],
  DIALOG_NOTAT: [],
};
// A svar on a møteinnkalling answers an innkalling; a svar on a forespørsel answers a forespørsel.
const ANSWERS: Partial<Record<Kodeverk, Kodeverk>> = { '8126': '8125', '9069': '8129' };

export function allowedLists(type: DialogMessageType, element: KodeElement): readonly Kodeverk[] {
  return element === 'TemaKodet' ? TEMA_KODET[type] : TYPE_FORESP[type];
}

/** The list of forespørsel a svar code may quote. */
export function answeredList(tema: Kodeverk | undefined): readonly Kodeverk[] | undefined {
  const answered = tema === undefined ? undefined : ANSWERS[tema];
  return answered === undefined ? undefined : [answered];
}

/**
 * Resolves a code against the lists allowed here, or refuses: an OID that is not for this element,
 * a value the list does not have. A missing S is read against the allowed lists in order.
 */
export function resolveKode(
  code: CodedValue,
  element: KodeElement,
  where: string,
  allowed: readonly Kodeverk[],
  warnings: string[],
): DialogKode {
  const kodeverk = code.s === undefined ? guessList(code, element, where, allowed, warnings) : listOf(code.s, element, where, allowed);
  if (!isKode(kodeverk, code.v)) {
    refuse(
      'X99',
      `${element} V="${safe(code.v)}" finnes ikke i kodeverk ${kodeverk}`,
      `${element} V="${safe(code.v)}" is not a value of code list ${kodeverk}`,
    );
  }
  return { ...code, kodeverk, tekst: kodeTekst(kodeverk, code.v) ?? code.v };
}

function listOf(oid: string, element: KodeElement, where: string, allowed: readonly Kodeverk[]): Kodeverk {
  const kodeverk = kodeverkForOid(oid);
  if (kodeverk === undefined || !allowed.includes(kodeverk)) {
    refuse(
      'X99',
      `${element} med kodeverk S="${safe(oid)}" passer ikke i ${where} (${ventet(allowed)})`,
      `${element} with code system S="${safe(oid)}" does not fit ${where} (${expected(allowed)})`,
    );
  }
  return kodeverk;
}

function guessList(code: CodedValue, element: KodeElement, where: string, allowed: readonly Kodeverk[], warnings: string[]): Kodeverk {
  const fits = allowed.filter((k) => isKode(k, code.v));
  if (fits.length === 0) {
    refuse(
      'X99',
      `${element} V="${safe(code.v)}" uten S passer ikke i ${where} (${ventet(allowed)})`,
      `${element} V="${safe(code.v)}" without S does not fit ${where} (${expected(allowed)})`,
    );
  }
  warnings.push(`${element} mangler S; lest som kodeverk ${fits[0]} / ${element} has no S; read as code list ${fits[0]}`);
  return fits[0];
}

function ventet(allowed: readonly Kodeverk[]): string {
  return allowed.length === 0 ? 'ingen kode ventet' : `ventet ${allowed.join(', ')}`;
}

function expected(allowed: readonly Kodeverk[]): string {
  return allowed.length === 0 ? 'no code expected' : `expected ${allowed.join(', ')}`;
}
