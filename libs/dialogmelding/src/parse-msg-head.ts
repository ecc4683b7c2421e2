import type { ConversationRef, DialogMessageType, InboundDialogmelding, Organisation, OriginalMessageRef, Patient } from './inbound-types';
import { MESSAGE_TYPES } from './inbound-types';
import { NS } from './namespaces';
import { readDocuments } from './parse-documents';
import { codedValue, organisationOf, partyOf, patientOf } from './parse-parties';
import { refuse, Refusal, safe } from './refusal';
import { setDefined } from './set-defined';
import type { XmlElement } from './xml-tree';
import { attr, child, childText } from './xml-tree';

const M = NS.MSGHEAD;

/** Reads a MsgHead 1.2 carrying a dialogmelding, or throws a Refusal saying what cannot be trusted. */
export function parseMsgHead(msgHead: XmlElement, warnings: string[]): InboundDialogmelding {
  const msgInfo = child(msgHead, M, 'MsgInfo') ?? refuse('T02', 'MsgHead mangler MsgInfo', 'MsgHead has no MsgInfo');
  const msgId = childText(msgInfo, M, 'MsgId') ?? refuse('E10', 'MsgInfo mangler MsgId', 'MsgInfo has no MsgId');
  const type = messageTypeOf(msgInfo, warnings);
  const { body, attachments, carrier } = readDocuments(msgHead, type, warnings);
  // A MsgHead wrapped in a Document (some EPJs): its MsgInfo is the one written with the dialogmelding.
  const inner = carrier && carrier !== msgHead ? child(carrier, M, 'MsgInfo') : undefined;
  const sender = partyFrom(msgInfo, inner, 'Sender');
  const receiver = partyFrom(msgInfo, inner, 'Receiver');
  const patient = patientFrom(msgInfo, inner);
  if (!body && attachments.length === 0) {
    refuse('X99', 'Meldingen har verken Dialogmelding eller vedlegg', 'message has neither a Dialogmelding nor an attachment');
  }
  const message: InboundDialogmelding = { type, msgId, sender, receiver, patient, attachments };
  if (body) message.body = body;
  setDefined(message, 'genDate', childText(msgInfo, M, 'GenDate'));
  setDefined(message, 'migVersion', childText(msgInfo, M, 'MIGversion'));
  setDefined(message, 'ack', codedValue(child(msgInfo, M, 'Ack')));
  setDefined(message, 'conversationRef', conversationRefOf(msgInfo) ?? (inner && conversationRefOf(inner)));
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
  const receiver = child(child(msgInfo, M, 'Receiver'), M, 'Organisation');
  if (receiver) out.receiver = organisationOf(receiver);
  return out;
}

/**
 * Sender and receiver are the outer head's: the transport addressed and delivered that one, and the AppRec answers it.
 * Only where the outer head names none is the wrapped head's taken.
 */
function partyFrom(outer: XmlElement, inner: XmlElement | undefined, role: 'Sender' | 'Receiver'): Organisation {
  const named = (msgInfo: XmlElement) => child(child(msgInfo, M, role), M, 'Organisation') !== undefined;
  return inner && !named(outer) && named(inner) ? partyOf(inner, role) : partyOf(outer, role);
}

/**
 * The patient of the head written with the dialogmelding; the outer head's only when that one names none (an envelope
 * often carries no patient). Two heads naming different patients leave the hub no way to tell whom it is about.
 */
function patientFrom(outer: XmlElement, inner: XmlElement | undefined): Patient {
  if (!inner || !child(inner, M, 'Patient')) return patientOf(outer);
  const patient = patientOf(inner);
  const other = child(outer, M, 'Patient') && readablePatient(outer);
  if (other && other.fodselsnummer !== patient.fodselsnummer) {
    refuse('X99', 'Ytre og innpakket MsgHead gjelder ulike pasienter', 'the outer and the wrapped MsgHead name different patients');
  }
  return patient;
}

function readablePatient(msgInfo: XmlElement): Patient | undefined {
  try {
    return patientOf(msgInfo);
  } catch (e) {
    if (e instanceof Refusal) return undefined;
    throw e;
  }
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
