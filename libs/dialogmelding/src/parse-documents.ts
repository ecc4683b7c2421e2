import type { Attachment, DialogmeldingBody, DialogMessageType } from './inbound-types';
import { dialogVersionOf, NS } from './namespaces';
import { parseDialogmeldingBody } from './parse-dialogmelding-body';
import { refuse } from './refusal';
import { setDefined } from './set-defined';
import type { XmlElement } from './xml-tree';
import { child, childrenNamed, childText, elementChildren, findFirst, textContent } from './xml-tree';

const M = NS.MSGHEAD;

export interface DocumentsContent {
  body?: DialogmeldingBody;
  attachments: Attachment[];
  /** The MsgHead whose own Document held the Dialogmelding: the given one, or one wrapped inside it. */
  carrier?: XmlElement;
}

/**
 * The Dialogmelding from whichever Document holds one (not always the first; sometimes none)
 * and the base64 attachments from the others.
 */
export function readDocuments(msgHead: XmlElement, type: DialogMessageType, warnings: string[]): DocumentsContent {
  const out: DocumentsContent = { attachments: [] };
  childrenNamed(msgHead, M, 'Document').forEach((doc, i) => readDocument(msgHead, doc, i + 1, type, out, warnings));
  return out;
}

function readDocument(
  head: XmlElement,
  doc: XmlElement,
  n: number,
  type: DialogMessageType,
  out: DocumentsContent,
  warnings: string[],
): void {
  const content = child(child(doc, M, 'RefDoc'), M, 'Content');
  if (!content) {
    warnings.push(`Document ${n} har ikke RefDoc/Content / Document ${n} has no RefDoc/Content`);
    return;
  }
  // Some EPJs wrap a whole MsgHead inside Content (padm2's "pridok" fixture); its documents count as ours.
  const nested = findFirst(content, (e) => e.ns === M && e.name === 'MsgHead');
  if (nested) {
    warnings.push(
      `Document ${n} inneholder en hel MsgHead; dens dokumenter er lest / Document ${n} wraps a MsgHead; its documents were read`,
    );
    const inner = readDocuments(nested, type, warnings);
    const { body, carrier } = inner;
    if (body && keepFirstBody(out, n, warnings, () => body)) out.carrier = carrier;
    out.attachments.push(...inner.attachments);
    return;
  }
  const dialogmelding = findFirst(content, (e) => e.name === 'Dialogmelding' && dialogVersionOf(e.ns) !== undefined);
  const version = dialogmelding && dialogVersionOf(dialogmelding.ns);
  if (dialogmelding && version) {
    if (keepFirstBody(out, n, warnings, () => parseDialogmeldingBody(dialogmelding, version, type, warnings))) out.carrier = head;
    return;
  }
  const attachment = attachmentOf(doc, content, n);
  if (attachment) out.attachments.push(attachment);
  else warnings.push(`Document ${n} har verken Dialogmelding eller vedlegg / Document ${n} has neither Dialogmelding nor attachment`);
}

// A second Dialogmelding is not read at all: one message, one body. True when this one was kept.
function keepFirstBody(out: DocumentsContent, n: number, warnings: string[], read: () => DialogmeldingBody): boolean {
  if (out.body) {
    warnings.push(`Dialogmelding nr. 2 (Document ${n}) er ignorert / a second Dialogmelding (Document ${n}) was ignored`);
    return false;
  }
  out.body = read();
  return true;
}

// "Base64Container or similar": the KITH container, one without its namespace, or base64 straight in Content.
function base64Text(content: XmlElement): string | undefined {
  const elements = elementChildren(content);
  const container = elements.find((e) => e.name === 'Base64Container' && (e.ns === NS.BASE64_CONTAINER || e.ns === '' || e.ns === M));
  if (container) return textContent(container);
  if (elements.length > 0) return undefined;
  const text = textContent(content);
  return text.trim() === '' ? undefined : text;
}

function attachmentOf(doc: XmlElement, content: XmlElement, n: number): Attachment | undefined {
  const raw = base64Text(content);
  if (raw === undefined) return undefined;
  const clean = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    refuse('X99', `Vedlegget i Document ${n} er ikke gyldig base64`, `the attachment in Document ${n} is not valid base64`);
  }
  const bytes = Buffer.from(clean, 'base64');
  const refDoc = child(doc, M, 'RefDoc');
  const attachment: Attachment = { byteSize: bytes.length, content: bytes };
  setDefined(attachment, 'mimeType', childText(refDoc, M, 'MimeType'));
  setDefined(attachment, 'description', childText(refDoc, M, 'Description'));
  return attachment;
}
