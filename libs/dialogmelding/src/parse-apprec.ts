import { appRecStatusOf } from './apprec-codes';
import type { AppRecParty, CodedValue, Ident, InboundAppRec } from './inbound-types';
import type { AppRecVersion } from './namespaces';
import { codedValue } from './parse-parties';
import { refuse, safe } from './refusal';
import { setDefined } from './set-defined';
import type { XmlElement } from './xml-tree';
import { child, childrenNamed, childText } from './xml-tree';

/** Reads an AppRec 1.0 or 1.1; without a known Status or an OriginalMsgId/Id it cannot be tied to anything. */
export function parseAppRec(el: XmlElement, version: AppRecVersion, warnings: string[]): InboundAppRec {
  const a = el.ns;
  const statusCode = codedValue(child(el, a, 'Status')) ?? refuse('T02', 'AppRec mangler Status med V', 'AppRec has no Status with a V');
  const status =
    appRecStatusOf(statusCode.v) ??
    refuse('T02', `AppRec Status V="${safe(statusCode.v)}" er ukjent (ventet 1, 2 eller 3)`, 'unknown AppRec Status (expected 1, 2 or 3)');
  const originalEl = child(el, a, 'OriginalMsgId') ?? refuse('T02', 'AppRec mangler OriginalMsgId', 'AppRec has no OriginalMsgId');
  const originalId = childText(originalEl, a, 'Id') ?? refuse('E10', 'OriginalMsgId mangler Id', 'OriginalMsgId has no Id');
  const errors = childrenNamed(el, a, 'Error')
    .map((e) => codedValue(e))
    .filter((e): e is CodedValue => e !== undefined);
  if (status === 'AVVIST' && errors.length === 0) warnings.push('AppRec avvist uten Error / AppRec avvist without Error');
  const original: InboundAppRec['original'] = { id: originalId };
  setDefined(original, 'msgType', codedValue(child(originalEl, a, 'MsgType')));
  setDefined(original, 'issueDate', childText(originalEl, a, 'IssueDate'));
  const apprec: InboundAppRec = { version, status, errors, original };
  setDefined(apprec, 'id', childText(el, a, 'Id'));
  setDefined(apprec, 'genDate', childText(el, a, 'GenDate'));
  setDefined(apprec, 'sender', partyOf(child(el, a, 'Sender'), a));
  setDefined(apprec, 'receiver', partyOf(child(el, a, 'Receiver'), a));
  return apprec;
}

// 1.0 names the parties HCP/Inst(/HCPerson); 1.1 may also name a person alone as HCP/HCProf.
function partyOf(el: XmlElement | undefined, a: string): AppRecParty | undefined {
  const hcp = child(el, a, 'HCP');
  if (!hcp) return undefined;
  const inst = child(hcp, a, 'Inst');
  const person = child(inst, a, 'HCPerson') ?? child(hcp, a, 'HCProf');
  const party: AppRecParty = {};
  if (inst) party.institution = entityOf(inst, a);
  if (person) party.person = entityOf(person, a);
  return party;
}

function entityOf(el: XmlElement, a: string): { name?: string; idents: Ident[] } {
  const idents: Ident[] = [];
  pushIdent(idents, childText(el, a, 'Id'), codedValue(child(el, a, 'TypeId')));
  for (const extra of childrenNamed(el, a, 'AdditionalId')) {
    pushIdent(idents, childText(extra, a, 'Id'), codedValue(child(extra, a, 'Type')));
  }
  const entity: { name?: string; idents: Ident[] } = { idents };
  setDefined(entity, 'name', childText(el, a, 'Name'));
  return entity;
}

function pushIdent(idents: Ident[], id: string | undefined, type: CodedValue | undefined): void {
  if (id !== undefined && type !== undefined) idents.push({ id, type });
}
