import { APPREC_ERROR_CODES, APPREC_STATUS } from './apprec-codes';
import { IDENT_TYPE, OTHER_KODEVERK_OID } from './code-lists';
import { MIG_VERSION, NS } from './namespaces';
import type { AppRecErrorInput, AppRecInstitution, AppRecPerson, OutboundAppRec } from './outbound-types';
import type { XmlOut } from './xml-writer';
import { codeEl, el, renderDocument, textEl } from './xml-writer';

const ID_TEXT: Record<string, string> = {
  [IDENT_TYPE.ORGNR]: 'Organisasjonsnummeret i Enhetsregisteret',
  [IDENT_TYPE.HER]: 'HER-id',
  [IDENT_TYPE.HPR]: 'HPR-nummer',
};

/**
 * An AppRec 1.0 receipt: OK, or avvist with 8221 error codes (reason in OT), tied to the original by
 * OriginalMsgId. Deterministic: ids and dates come from the caller.
 */
export function buildAppRec(input: OutboundAppRec): string {
  const status = APPREC_STATUS[input.status];
  const errors = input.status === 'AVVIST' ? input.errors.map(errorEl) : [];
  return renderDocument(
    el(
      'AppRec',
      { xmlns: NS.APPREC_1_0 },
      codeEl('MsgType', { v: 'APPREC', dn: 'Applikasjonskvittering' }),
      textEl('MIGversion', MIG_VERSION.APPREC_1_0),
      textEl('GenDate', input.genDate.toISOString()),
      textEl('Id', input.id),
      el('Sender', undefined, el('HCP', undefined, institution(input.sender))),
      el('Receiver', undefined, el('HCP', undefined, institution(input.receiver))),
      codeEl('Status', { v: status.v, dn: status.dn }),
      ...errors,
      el(
        'OriginalMsgId',
        undefined,
        codeEl('MsgType', { v: input.original.msgType, dn: input.original.msgTypeText }),
        textEl('IssueDate', input.original.issueDate),
        textEl('Id', input.original.id),
      ),
    ),
  );
}

function errorEl(error: AppRecErrorInput): XmlOut {
  return {
    name: 'Error',
    attributes: { V: error.code, S: OTHER_KODEVERK_OID.APPREC_ERROR, DN: APPREC_ERROR_CODES[error.code], OT: error.details },
  };
}

// Inst and HCPerson name one id as Id/TypeId and the rest as AdditionalId (orgnr/HPR first, HER after).
function entity(name: string, ids: readonly [string, string | undefined][], children: (XmlOut | undefined)[]): XmlOut[] {
  const present = ids.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const [first, ...rest] = present;
  return [
    textEl('Name', name),
    first && textEl('Id', first[1]),
    first && codeEl('TypeId', { v: first[0], dn: ID_TEXT[first[0]] }),
    ...rest.map(([type, id]) => el('AdditionalId', undefined, textEl('Id', id), codeEl('Type', { v: type, dn: ID_TEXT[type] }))),
    ...children,
  ].filter((x): x is XmlOut => x !== undefined);
}

function institution(inst: AppRecInstitution): XmlOut {
  const ids: [string, string | undefined][] = [
    [IDENT_TYPE.ORGNR, inst.orgnr],
    [IDENT_TYPE.HER, inst.herId],
  ];
  return el('Inst', undefined, ...entity(inst.name, ids, [inst.person && person(inst.person)]));
}

function person(p: AppRecPerson): XmlOut {
  const ids: [string, string | undefined][] = [
    [IDENT_TYPE.HPR, p.hprNummer],
    [IDENT_TYPE.HER, p.herId],
  ];
  return el('HCPerson', undefined, ...entity(p.name, ids, []));
}
