import { createHash } from 'node:crypto';
import type { InboundDialogmelding } from './inbound-types';

/**
 * SHA-256 (hex) of what an inbound dialogmelding says, as read: type, MsgId, ConversationRef, sender, receiver,
 * patient, the Dialogmelding and each attachment's bytes. It is taken from the parsed content, not from the bytes,
 * because a gateway may deliver the same document again re-encoded (ISO-8859-1 or UTF-8), re-indented, with other
 * namespace prefixes or in another envelope; those are repeats, while any change to what would be stored is not.
 * GenDate, MIGversion and Ack are left out: an EPJ sending again may stamp them anew, and none of them is stored.
 */
export function contentDigest(m: InboundDialogmelding): string {
  const content = {
    type: m.type,
    msgId: m.msgId,
    conversationRef: m.conversationRef,
    sender: m.sender,
    receiver: m.receiver,
    patient: m.patient,
    body: m.body,
    attachments: m.attachments.map((a) => ({
      mimeType: a.mimeType,
      description: a.description,
      sha256: createHash('sha256').update(a.content).digest('hex'),
    })),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted and undefined members left out, so equal content always gives equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
