import { IDENT_TYPE } from './code-lists';
import type { CodedValue, HealthcareProfessional, Ident, Organisation, Patient, PersonNavn } from './inbound-types';
import { NS } from './namespaces';
import { refuse } from './refusal';
import { setDefined } from './set-defined';
import type { XmlElement } from './xml-tree';
import { attr, child, childrenNamed, childText } from './xml-tree';

const M = NS.MSGHEAD;

/** A CV/CS element's attributes; undefined when it has no V (a code without a value says nothing). */
export function codedValue(el: XmlElement | undefined): CodedValue | undefined {
  const v = attr(el, 'V');
  if (v === undefined) return undefined;
  const out: CodedValue = { v };
  setDefined(out, 's', attr(el, 'S'));
  setDefined(out, 'dn', attr(el, 'DN'));
  setDefined(out, 'ot', attr(el, 'OT'));
  return out;
}

function identsOf(el: XmlElement): Ident[] {
  const out: Ident[] = [];
  for (const identEl of childrenNamed(el, M, 'Ident')) {
    const id = childText(identEl, M, 'Id');
    const type = codedValue(child(identEl, M, 'TypeId'));
    if (id !== undefined && type !== undefined) out.push({ id, type });
  }
  return out;
}

/** Id of the first ident of a type; type codes compared without case, as EPJs vary. */
export function identOfType(idents: readonly Ident[], type: string): string | undefined {
  return idents.find((i) => i.type.v.toUpperCase() === type)?.id;
}

/** Given, middle and family name; the Dialogmelding's Person uses the same names in its own namespace. */
export function navnOf(el: XmlElement, ns: string = M): PersonNavn {
  const out: PersonNavn = {};
  setDefined(out, 'givenName', childText(el, ns, 'GivenName'));
  setDefined(out, 'middleName', childText(el, ns, 'MiddleName'));
  setDefined(out, 'familyName', childText(el, ns, 'FamilyName'));
  return out;
}

function healthcareProfessionalOf(el: XmlElement): HealthcareProfessional {
  const idents = identsOf(el);
  const out: HealthcareProfessional = { ...navnOf(el), idents };
  setDefined(out, 'herId', identOfType(idents, IDENT_TYPE.HER));
  setDefined(out, 'hprNummer', identOfType(idents, IDENT_TYPE.HPR));
  setDefined(out, 'fodselsnummer', identOfType(idents, IDENT_TYPE.FNR) ?? identOfType(idents, IDENT_TYPE.DNR));
  return out;
}

export function organisationOf(el: XmlElement): Organisation {
  const idents = identsOf(el);
  const out: Organisation = { idents };
  setDefined(out, 'name', childText(el, M, 'OrganisationName'));
  setDefined(out, 'herId', identOfType(idents, IDENT_TYPE.HER));
  setDefined(out, 'orgnr', identOfType(idents, IDENT_TYPE.ORGNR));
  const sub = child(el, M, 'Organisation');
  // `<Organisation/>` with nothing in it shows up in real messages (padm2 fixtures); it names no department.
  if (sub && (sub.children.length > 0 || sub.attributes.size > 0)) out.subOrganisation = organisationOf(sub);
  const hcp = child(el, M, 'HealthcareProfessional');
  if (hcp) out.healthcareProfessional = healthcareProfessionalOf(hcp);
  return out;
}

/** Sender or Receiver: its Organisation, or a refusal naming which one is missing. */
export function partyOf(msgInfo: XmlElement, role: 'Sender' | 'Receiver'): Organisation {
  const org = child(child(msgInfo, M, role), M, 'Organisation');
  if (!org) refuse('T02', `${role}/Organisation mangler i MsgInfo`, `${role}/Organisation is missing from MsgInfo`);
  return organisationOf(org);
}

/** The patient with a fødselsnummer or D-nummer; without one nothing can be filed, so it is refused. */
export function patientOf(msgInfo: XmlElement): Patient {
  const el = child(msgInfo, M, 'Patient');
  if (!el) refuse('E36', 'Meldingen mangler pasient (Patient)', 'message has no Patient');
  const idents = identsOf(el);
  const fnr = identOfType(idents, IDENT_TYPE.FNR);
  const dnr = identOfType(idents, IDENT_TYPE.DNR);
  const fodselsnummer = fnr ?? dnr;
  if (fodselsnummer === undefined) {
    refuse(
      'E30',
      'Pasienten har ikke fødselsnummer eller D-nummer (Ident med TypeId V="FNR" eller "DNR")',
      'patient has no fødselsnummer or D-nummer (Ident with TypeId V="FNR" or "DNR")',
    );
  }
  return { ...navnOf(el), fodselsnummer, fodselsnummerType: fnr !== undefined ? 'FNR' : 'DNR', idents };
}
