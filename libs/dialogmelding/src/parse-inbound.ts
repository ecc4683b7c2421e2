import { APPREC_ERROR_CODES } from './apprec-codes';
import type { InboundFailure, InboundResult, OriginalMessageRef, ParseOptions } from './inbound-types';
import { appRecVersionOf, NS } from './namespaces';
import { parseAppRec } from './parse-apprec';
import { originalOf, parseMsgHead } from './parse-msg-head';
import { refuse, Refusal } from './refusal';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, readXml } from './xml-reader';
import type { XmlElement } from './xml-tree';
import { findFirst } from './xml-tree';

/**
 * Reads an inbound MsgHead (carrying a dialogmelding) or AppRec from bytes or text, wherever it sits
 * under an outer envelope. Never throws: anything that cannot be trusted comes back as a failure
 * with its AppRec error code and the reason.
 */
export function parseInbound(input: Buffer | string, options: ParseOptions = {}): InboundResult {
  let original: OriginalMessageRef | undefined;
  // Whether a document that fails is an AppRec, as far as can be told: the failure says so, so no AppRec answers it.
  let appRec = false;
  try {
    const limits = { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH };
    appRec = textNamesAppRec(input);
    const { root, warnings } = readXml(input, limits);
    appRec = treeNamesAppRec(root);
    const found =
      findFirst(root, isMsgHeadOrAppRec) ??
      refuse('T10', 'Fant verken MsgHead 1.2 eller AppRec i meldingen', 'found neither a MsgHead 1.2 nor an AppRec in the message');
    const appRecVersion = appRecVersionOf(found.ns);
    appRec = appRecVersion !== undefined;
    if (appRecVersion) return { kind: 'apprec', apprec: parseAppRec(found, appRecVersion, warnings), warnings };
    original = originalOf(found);
    return { kind: 'dialogmelding', message: parseMsgHead(found, warnings), warnings };
  } catch (e) {
    const failure = failureOf(e, original);
    if (appRec) failure.appRec = true;
    return failure;
  }
}

function isMsgHeadOrAppRec(e: XmlElement): boolean {
  return (e.ns === NS.MSGHEAD && e.name === 'MsgHead') || (e.name === 'AppRec' && appRecVersionOf(e.ns) !== undefined);
}

const APPREC_TAG = /<(?:[\w.-]+:)?AppRec[\s/>]/;
const MSGHEAD_TAG = /<(?:[\w.-]+:)?MsgHead[\s/>]/;

/** Unreadable XML that has an AppRec tag and no MsgHead tag (element names are ASCII, so latin1 reads them). */
function textNamesAppRec(input: Buffer | string): boolean {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  return APPREC_TAG.test(text) && !MSGHEAD_TAG.test(text);
}

/** An element named AppRec (of any namespace or version) and no MsgHead. */
function treeNamesAppRec(root: XmlElement): boolean {
  return findFirst(root, (e) => e.name === 'AppRec') !== undefined && findFirst(root, (e) => e.name === 'MsgHead') === undefined;
}

function failureOf(e: unknown, original: OriginalMessageRef | undefined): InboundFailure {
  // Anything but a Refusal is our own bug; the sender still gets an answer, and no message text leaks.
  const refusal =
    e instanceof Refusal ? e : new Refusal('X99', 'Uventet feil ved lesing av meldingen / unexpected error reading the message');
  const failure: InboundFailure = {
    kind: 'failure',
    code: refusal.code,
    codeText: APPREC_ERROR_CODES[refusal.code],
    reason: refusal.reason,
  };
  if (original) failure.original = original;
  return failure;
}
