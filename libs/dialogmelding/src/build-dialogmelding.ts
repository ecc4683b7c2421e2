import type { Kodeverk } from './code-lists';
import { DIALOG_KODEVERK, IDENT_TYPE, kodeTekst, OTHER_KODEVERK_OID } from './code-lists';
import type { DialogMessageType } from './inbound-types';
import { MIG_VERSION, NS } from './namespaces';
import type {
  Forfatter,
  OutboundAttachment,
  OutboundBody,
  OutboundDialogmelding,
  OutboundForesporsel,
  OutboundHealthcareProfessional,
  OutboundNotat,
  OutboundOrganisation,
  OutboundPatient,
  OutboundReceiver,
  OutboundSvar,
} from './outbound-types';
import type { XmlOut } from './xml-writer';
import { codeEl, el, renderDocument, textEl } from './xml-writer';

const TYPE_TEXT: Record<DialogMessageType, string> = {
  DIALOG_FORESPORSEL: 'Forespørsel',
  DIALOG_SVAR: 'Svar på forespørsel',
  DIALOG_NOTAT: 'Notat',
};

/**
 * A MsgHead 1.2 envelope carrying a Dialogmelding 1.1 body and any attachments as base64 documents.
 * Deterministic: ids and dates come from the caller, so the same input gives the same text.
 */
export function buildDialogmelding(msg: OutboundDialogmelding): string {
  return renderDocument(
    el('MsgHead', { xmlns: NS.MSGHEAD }, msgInfo(msg), mainDocument(msg), ...(msg.attachments ?? []).map(attachmentDocument)),
  );
}

function msgInfo(msg: OutboundDialogmelding): XmlOut {
  const ack = msg.ack ?? true;
  return el(
    'MsgInfo',
    undefined,
    codeEl('Type', { v: msg.body.type, dn: TYPE_TEXT[msg.body.type] }),
    textEl('MIGversion', MIG_VERSION.MSGHEAD),
    textEl('GenDate', msg.genDate.toISOString()),
    textEl('MsgId', msg.msgId),
    codeEl('Ack', ack ? { v: 'J', dn: 'Ja' } : { v: 'N', dn: 'Nei' }),
    msg.conversationRef &&
      el(
        'ConversationRef',
        undefined,
        textEl('RefToParent', msg.conversationRef.refToParent),
        textEl('RefToConversation', msg.conversationRef.refToConversation),
      ),
    el('Sender', undefined, organisation(msg.sender)),
    el('Receiver', undefined, organisation(msg.receiver, msg.receiver.healthcareProfessional)),
    patient(msg.patient),
  );
}

function ident(id: string, v: string, s: string, dn: string): XmlOut {
  return el('Ident', undefined, textEl('Id', id), codeEl('TypeId', { v, s, dn }));
}

function orgIdent(id: string | undefined, v: string, dn: string): XmlOut | undefined {
  return id === undefined ? undefined : ident(id, v, OTHER_KODEVERK_OID.ORGANISATION_IDENT_TYPE, dn);
}

function personIdent(id: string | undefined, v: string, dn: string): XmlOut | undefined {
  return id === undefined ? undefined : ident(id, v, OTHER_KODEVERK_OID.PERSON_IDENT_TYPE, dn);
}

function organisation(org: OutboundOrganisation | OutboundReceiver, hcp?: OutboundHealthcareProfessional): XmlOut {
  return el(
    'Organisation',
    undefined,
    textEl('OrganisationName', org.name),
    orgIdent(org.herId, IDENT_TYPE.HER, 'Identifikator fra Helsetjenesteenhetsregisteret (HER-id)'),
    orgIdent(org.orgnr, IDENT_TYPE.ORGNR, 'Organisasjonsnummeret i Enhetsregisteret'),
    hcp && healthcareProfessional(hcp),
  );
}

function healthcareProfessional(hcp: OutboundHealthcareProfessional): XmlOut {
  return el(
    'HealthcareProfessional',
    undefined,
    textEl('FamilyName', hcp.familyName),
    textEl('MiddleName', hcp.middleName),
    textEl('GivenName', hcp.givenName),
    personIdent(hcp.hprNummer, IDENT_TYPE.HPR, 'HPR-nummer'),
    personIdent(hcp.herId, IDENT_TYPE.HER, 'Identifikator fra Helsetjenesteenhetsregisteret (HER-id)'),
  );
}

function patient(p: OutboundPatient): XmlOut {
  const dnr = /^[4-7]/.test(p.fodselsnummer);
  return el(
    'Patient',
    undefined,
    textEl('FamilyName', p.familyName),
    textEl('MiddleName', p.middleName),
    textEl('GivenName', p.givenName),
    dnr ? personIdent(p.fodselsnummer, IDENT_TYPE.DNR, 'D-nummer') : personIdent(p.fodselsnummer, IDENT_TYPE.FNR, 'Fødselsnummer'),
  );
}

function mainDocument(msg: OutboundDialogmelding): XmlOut {
  return el(
    'Document',
    undefined,
    codeEl('DocumentConnection', { v: 'H', dn: 'Hoveddokument' }),
    el(
      'RefDoc',
      undefined,
      codeEl('MsgType', { v: 'XML', dn: 'XML-instans' }),
      textEl('MimeType', 'text/xml'),
      el('Content', undefined, el('Dialogmelding', { xmlns: NS.DIALOG_1_1 }, body(msg.body))),
    ),
  );
}

function body(b: OutboundBody): XmlOut {
  switch (b.type) {
    case 'DIALOG_FORESPORSEL':
      return foresporsel(b);
    case 'DIALOG_NOTAT':
      return notat(b, undefined);
    case 'DIALOG_SVAR':
      return notat(b, b.foresporsel && foresporsel(b.foresporsel));
  }
}

function dialogKode(name: string, kode: { kodeverk: Kodeverk; v: string }): XmlOut {
  return codeEl(name, { v: kode.v, s: DIALOG_KODEVERK[kode.kodeverk].oid, dn: kodeTekst(kode.kodeverk, kode.v) });
}

function foresporsel(f: Pick<OutboundForesporsel, 'typeForesp' | 'forfatter'> & { sporsmal?: string; dokIdForesp?: string }): XmlOut {
  return el(
    'Foresporsel',
    undefined,
    dialogKode('TypeForesp', f.typeForesp),
    textEl('Sporsmal', f.sporsmal),
    textEl('DokIdForesp', f.dokIdForesp),
    f.forfatter && forfatter(f.forfatter),
  );
}

function notat(n: OutboundNotat | OutboundSvar, quoted: XmlOut | undefined): XmlOut {
  return el(
    'Notat',
    undefined,
    dialogKode('TemaKodet', n.temaKodet),
    textEl('Tema', n.type === 'DIALOG_NOTAT' ? n.tema : undefined),
    textEl('TekstNotatInnhold', n.tekst),
    textEl('DokIdNotat', n.dokIdNotat),
    textEl('DatoNotat', n.datoNotat),
    n.type === 'DIALOG_NOTAT' && n.forfatter ? forfatter(n.forfatter) : undefined,
    quoted,
  );
}

function forfatter(f: Forfatter): XmlOut {
  return el(
    'RollerRelatertNotat',
    undefined,
    codeEl('RolleNotat', { v: '1', s: OTHER_KODEVERK_OID.ROLLE_NOTAT, dn: 'Forfatter' }),
    el('Person', undefined, textEl('GivenName', f.givenName), textEl('FamilyName', f.familyName)),
  );
}

function attachmentDocument(a: OutboundAttachment): XmlOut {
  return el(
    'Document',
    undefined,
    codeEl('DocumentConnection', { v: 'V', dn: 'Vedlegg' }),
    el(
      'RefDoc',
      undefined,
      a.issueDate === undefined ? undefined : codeEl('IssueDate', { v: a.issueDate }),
      codeEl('MsgType', { v: 'A', dn: 'Vedlegg' }),
      textEl('MimeType', a.mimeType),
      textEl('Description', a.description),
      el('Content', undefined, textEl('Base64Container', wrapBase64(a.content), { xmlns: NS.BASE64_CONTAINER })),
    ),
  );
}

// 76 characters a line, as MIME does; readers strip the line breaks.
function wrapBase64(content: Uint8Array): string {
  const b64 = Buffer.from(content).toString('base64');
  return (b64.match(/.{1,76}/g) ?? []).join('\n');
}
