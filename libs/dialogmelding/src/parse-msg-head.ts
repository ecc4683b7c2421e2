import { ConversationRef, DialogMessageType, InboundDialogmelding, MESSAGE_TYPES, OriginalMessageRef } from './inbound-types';
import { NS } from './namespaces';
import { readDocuments } from './parse-documents';
import { codedValue, organisationOf, partyOf, patientOf } from './parse-parties';
import { refuse, safe } from './refusal';
import { setDefined } from './set-defined';
import { attr, child, childText, XmlElement } from './xml-tree';

const M = NS.MSGHEAD;

/** Reads a MsgHead 1.2 carrying a dialogmelding, or throws a Refusal saying what cannot be trusted. */
export function parseMsgHead(msgHead: XmlElement, warnings: string[]): InboundDialogmelding {
  const msgInfo = child(msgHead, M, 'MsgInfo') ?? refuse('T02', 'MsgHead mangler MsgInfo', 'MsgHead has no MsgInfo');
  const msgId = childText(msgInfo, M, 'MsgId') ?? refuse('E10', 'MsgInfo mangler MsgId', 'MsgInfo has no MsgId');
  const type = messageTypeOf(msgInfo, warnings);
  const sender = partyOf(msgInfo, 'Sender');
  const receiver = partyOf(msgInfo, 'Receiver');
  const patient = patientOf(msgInfo);
  const { body, attachments } = readDocuments(msgHead, type, warnings);
  if (!body && attachments.length === 0) {
    refuse('X99', 'Meldingen har verken Dialogmelding eller vedlegg', 'message has neither a Dialogmelding nor an attachment');
  }
  const message: InboundDialogmelding = { type, msgId, sender, receiver, patient, attachments };
  if (body) message.body = body;
  setDefined(message, 'genDate', childText(msgInfo, M, 'GenDate'));
  setDefined(message, 'migVersion', childText(msgInfo, M, 'MIGversion'));
  setDefined(message, 'ack', codedValue(child(msgInfo, M, 'Ack')));
  setDefined(message, 'conversationRef', conversationRefOf(msgInfo));
  if (type === 'DIALOG_SVAR' && !message.conversationRef) {
    warnings.push('DIALOG_SVAR uten ConversationRef / DIALOG_SVAR without ConversationRef');
  }
  return message;
}

/** What a refused MsgHead still tells, read without refusing anything. */
export function originalOf(msgHead: XmlElement): OriginalMessageRef {
  const msgInfo = child(msgHead, M, 'MsgInfo');
  const out: OriginalMessageRef = {};
  setDefined(out, 'msgId', childText(msgInfo, M, 'MsgId'));
  setDefined(out, 'msgType', attr(child(msgInfo, M, 'Type'), 'V'));
  setDefined(out, 'genDate', childText(msgInfo, M, 'GenDate'));
  const sender = child(child(msgInfo, M, 'Sender'), M, 'Organisation');
  if (sender) out.sender = organisationOf(sender);
  return out;
}

function messageTypeOf(msgInfo: XmlElement, warnings: string[]): DialogMessageType {
  const raw = attr(child(msgInfo, M, 'Type'), 'V') ?? refuse('T02', 'MsgInfo mangler Type med V', 'MsgInfo has no Type with a V');
  // NAV's own systems spell it DIALOG_FORESPØRSEL at times; the code list spells it without Ø.
  const normalized = raw.toUpperCase().replace(/Ø/g, 'O');
  const type = MESSAGE_TYPES.find((t) => t === normalized);
  if (!type) {
    refuse(
      'T10',
      `Meldingstypen "${safe(raw)}" støttes ikke (ventet ${MESSAGE_TYPES.join(', ')})`,
      `message type "${safe(raw)}" is not supported (expected ${MESSAGE_TYPES.join(', ')})`,
    );
  }
  if (type !== raw) warnings.push(`Type V="${safe(raw)}" lest som ${type} / Type V read as ${type}`);
  return type;
}

function conversationRefOf(msgInfo: XmlElement): ConversationRef | undefined {
  const el = child(msgInfo, M, 'ConversationRef');
  const ref: ConversationRef = {};
  setDefined(ref, 'refToParent', childText(el, M, 'RefToParent'));
  setDefined(ref, 'refToConversation', childText(el, M, 'RefToConversation'));
  return ref.refToParent === undefined && ref.refToConversation === undefined ? undefined : ref;
}

