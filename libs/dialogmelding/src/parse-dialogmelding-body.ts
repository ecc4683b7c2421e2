import { allowedLists, answeredList, resolveKode } from './code-rules';
import type { Kodeverk } from './code-lists';
import type { DialogmeldingBody, DialogMessageType, Foresporsel, Notat, RolleRelatertNotat } from './inbound-types';
import type { DialogmeldingVersion } from './namespaces';
import { codedValue, navnOf } from './parse-parties';
import { readableText } from './readable-text';
import { refuse } from './refusal';
import { setDefined } from './set-defined';
import type { XmlElement } from './xml-tree';
import { child, childrenNamed, childText } from './xml-tree';

/**
 * Reads a Dialogmelding 1.0 or 1.1 element and checks it fits the message type:
 * a DIALOG_NOTAT holds Notat, a DIALOG_FORESPORSEL holds Foresporsel, a DIALOG_SVAR holds a Notat
 * that may quote the Foresporsel it answers.
 */
export function parseDialogmeldingBody(
  el: XmlElement,
  version: DialogmeldingVersion,
  type: DialogMessageType,
  warnings: string[],
): DialogmeldingBody {
  const d = el.ns;
  const notatEls = childrenNamed(el, d, 'Notat');
  const foresporselEls = childrenNamed(el, d, 'Foresporsel');
  checkShape(type, notatEls.length, foresporselEls.length);
  const notater = notatEls.map((n) => notatOf(n, d, type, warnings));
  const foresporsler = foresporselEls.map((f) => foresporselOf(f, d, type, allowedLists(type, 'TypeForesp'), warnings));
  return { version, notater, foresporsler };
}

function checkShape(type: DialogMessageType, notater: number, foresporsler: number): void {
  if (type === 'DIALOG_FORESPORSEL' && foresporsler === 0) {
    refuse('X99', 'DIALOG_FORESPORSEL uten Foresporsel', 'DIALOG_FORESPORSEL without a Foresporsel');
  }
  if (type !== 'DIALOG_FORESPORSEL' && foresporsler > 0) {
    refuse(
      'X99',
      `${type} kan ikke ha Foresporsel direkte i Dialogmelding; det motsier meldingstypen`,
      `${type} cannot carry a Foresporsel directly under Dialogmelding; it contradicts the message type`,
    );
  }
  if (type !== 'DIALOG_FORESPORSEL' && notater === 0) {
    refuse('X99', `${type} uten Notat`, `${type} without a Notat`);
  }
}

function notatOf(el: XmlElement, d: string, type: DialogMessageType, warnings: string[]): Notat {
  const notat: Notat = { roller: rollerOf(el, d) };
  const tema = codedValue(child(el, d, 'TemaKodet'));
  if (tema) notat.temaKodet = resolveKode(tema, 'TemaKodet', `Notat (${type})`, allowedLists(type, 'TemaKodet'), warnings);
  else warnings.push('Notat mangler TemaKodet med V / Notat has no TemaKodet with a V');
  setDefined(notat, 'tema', childText(el, d, 'Tema'));
  const innhold = child(el, d, 'TekstNotatInnhold');
  setDefined(notat, 'tekst', innhold ? readableText(innhold) : undefined);
  setDefined(notat, 'dokIdNotat', childText(el, d, 'DokIdNotat'));
  setDefined(notat, 'datoNotat', childText(el, d, 'DatoNotat'));
  const quoted = child(el, d, 'Foresporsel');
  if (quoted) quoteForesporsel(notat, quoted, d, type, warnings);
  return notat;
}

function quoteForesporsel(notat: Notat, el: XmlElement, d: string, type: DialogMessageType, warnings: string[]): void {
  if (type !== 'DIALOG_SVAR') {
    // EPJs sent this to NAV's old system and still do; padm2 ignores it, and so do we.
    warnings.push(`Foresporsel inne i Notat i ${type} er ignorert / Foresporsel inside a Notat in ${type} was ignored`);
    return;
  }
  if (!codedValue(child(el, d, 'TypeForesp'))) {
    warnings.push('Sitert Foresporsel mangler TypeForesp og er ignorert / quoted Foresporsel without TypeForesp was ignored');
    return;
  }
  const allowed = answeredList(notat.temaKodet?.kodeverk) ?? allowedLists(type, 'TypeForesp');
  notat.foresporsel = foresporselOf(el, d, type, allowed, warnings, notat.temaKodet?.kodeverk);
}

function foresporselOf(
  el: XmlElement,
  d: string,
  type: DialogMessageType,
  allowed: readonly Kodeverk[],
  warnings: string[],
  answeredBy?: Kodeverk,
): Foresporsel {
  const code = codedValue(child(el, d, 'TypeForesp'));
  if (!code) refuse('T02', 'Foresporsel mangler TypeForesp med V', 'Foresporsel has no TypeForesp with a V');
  const where = answeredBy ? `Foresporsel (svar ${answeredBy})` : `Foresporsel (${type})`;
  const typeForesp = resolveKode(code, 'TypeForesp', where, allowed, warnings);
  const out: Foresporsel = { typeForesp, roller: rollerOf(el, d) };
  const sporsmal = child(el, d, 'Sporsmal');
  setDefined(out, 'sporsmal', sporsmal ? readableText(sporsmal) : undefined);
  setDefined(out, 'dokIdForesp', childText(el, d, 'DokIdForesp'));
  return out;
}

function rollerOf(el: XmlElement, d: string): RolleRelatertNotat[] {
  return childrenNamed(el, d, 'RollerRelatertNotat').map((r) => {
    const rolle: RolleRelatertNotat = {};
    setDefined(rolle, 'rolleNotat', codedValue(child(r, d, 'RolleNotat')));
    const person = child(r, d, 'Person');
    if (person) rolle.person = navnOf(person, d);
    return rolle;
  });
}
