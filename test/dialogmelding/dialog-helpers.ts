import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@hub/domain';
import type { InboundAppRec, InboundDialogmelding, OutboundAttachment, OutboundBody } from '@hub/dialogmelding';
import { buildDialogmelding, parseInbound } from '@hub/dialogmelding';
import type { FourPartyCase } from '../factories/make';
import type { TestHub } from '../support/hub';

export const GATEWAY_KEY = 'gateway-key-for-tests-0123456789';
/** The fastlege relation's ids in caseWithFourParties, and NAV's default HER-id. */
export const LEGE_HER_ID = '8094866';
export const LEGE_HPR = '9144889';
export const NAV_HER_ID = '79768';

export function dialogUrl(c: FourPartyCase, threadId: string, rest = ''): string {
  return `/cases/${c.id}/threads/${threadId}/dialogmeldinger${rest}`;
}

export async function startDialog(
  hub: TestHub,
  c: FourPartyCase,
  threadId: string,
  by: Actor,
  body: Record<string, unknown>,
  status = 201,
) {
  return hub
    .as(by)
    .post(dialogUrl(c, threadId))
    .send({ clientTxnId: randomUUID(), ...body })
    .expect(status);
}

export function parsedMsgHead(xml: string): InboundDialogmelding {
  const r = parseInbound(xml);
  if (r.kind !== 'dialogmelding') throw new Error(`expected a MsgHead, got ${r.kind === 'failure' ? `${r.code} ${r.reason}` : r.kind}`);
  return r.message;
}

export function parsedAppRec(xml: string, what = 'the answer'): InboundAppRec {
  const r = parseInbound(xml);
  if (r.kind !== 'apprec')
    throw new Error(`expected an AppRec for ${what}, got ${r.kind === 'failure' ? `${r.code} ${r.reason}` : r.kind}`);
  return r.apprec;
}

/** A document as a legekontor's EPJ would send it to NAV through the gateway. */
export function fromLege(
  fnr: string,
  body: OutboundBody,
  extra: {
    msgId?: string;
    conversationRef?: { refToParent: string; refToConversation: string };
    receiverHerId?: string;
    senderHerId?: string;
    attachments?: OutboundAttachment[];
  } = {},
): string {
  return buildDialogmelding({
    msgId: extra.msgId ?? randomUUID(),
    genDate: new Date('2026-09-01T10:00:00.000Z'),
    conversationRef: extra.conversationRef,
    sender: { name: 'Legesenteret Fjordgløtt AS', herId: extra.senderHerId ?? LEGE_HER_ID, orgnr: '912345678' },
    receiver: { name: 'NAV', herId: extra.receiverHerId ?? NAV_HER_ID, orgnr: '889640782' },
    patient: { fodselsnummer: fnr, givenName: 'Kari', familyName: 'Nordmann' },
    body,
    attachments: extra.attachments,
  });
}

export function svarBody(tekst: string, dokIdForesp?: string): OutboundBody {
  return {
    type: 'DIALOG_SVAR',
    temaKodet: { kodeverk: '9069', v: '5' },
    tekst,
    dokIdNotat: randomUUID(),
    foresporsel: dokIdForesp ? { typeForesp: { kodeverk: '8129', v: '1' }, dokIdForesp } : undefined,
  };
}

export function henvendelseBody(tekst: string): OutboundBody {
  return { type: 'DIALOG_NOTAT', temaKodet: { kodeverk: '8128', v: '1' }, tekst, dokIdNotat: randomUUID() };
}

/** `key: null` sends no gateway key at all. */
export function postInbound(hub: TestHub, xml: string | Buffer, key: string | null = GATEWAY_KEY, contentType = 'application/xml') {
  const req = hub.http().post('/dialogmelding/inbound').set('content-type', contentType);
  if (key !== null) req.set('x-dialogmelding-gateway-key', key);
  return req.send(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
}

export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '../../libs/dialogmelding/fixtures', name));
}
