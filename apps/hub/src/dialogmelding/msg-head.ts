import { Dialogmelding } from '@hub/domain';
import { buildDialogmelding, OutboundAttachment, OutboundBody, OutboundOrganisation } from '@hub/dialogmelding';
import { HubConfig } from '../config/config';
import { kodeOf } from './kinds';

/**
 * The MsgHead 1.2 / Dialogmelding 1.1 document of a stored dialogmelding. It carries only that dialogmelding (and, for
 * a svar, the forespørsel it answers): never other thread messages, never the hub's classified message fields.
 * The hub holds no names for the patient or the legekontor (the case knows the sykmeldt by fødselsnummer and the
 * fastlege by HER-id/HPR), so those name elements are written empty for the gateway to fill from its registers.
 * The message's files go along as base64 vedlegg documents (MsgType A), as the MsgHead standard carries them.
 */
export function msgHeadOf(
  d: Dialogmelding, parent: Dialogmelding | undefined, patientFnr: string, us: HubConfig['dialogmelding'], attachments: readonly OutboundAttachment[] = [],
): string {
  const nav: OutboundOrganisation = { name: us.orgName, herId: us.herId, orgnr: us.orgnr };
  const lege: OutboundOrganisation = { name: '', herId: d.legeHerId ?? '' };
  return buildDialogmelding({
    msgId: d.msgId,
    genDate: d.createdAt,
    conversationRef: { refToConversation: d.conversationRef, refToParent: d.parentRef ?? d.msgId },
    sender: d.direction === 'UT' ? nav : lege,
    receiver: d.direction === 'UT' ? lege : nav,
    patient: { fodselsnummer: patientFnr, givenName: '', familyName: '' },
    body: bodyOf(d, parent),
    attachments,
  });
}

function bodyOf(d: Dialogmelding, parent: Dialogmelding | undefined): OutboundBody {
  const dato = d.createdAt.toISOString().slice(0, 10);
  switch (d.kind) {
    case 'FORESPORSEL':
    case 'PAMINNELSE':
      return { type: 'DIALOG_FORESPORSEL', typeForesp: { kodeverk: '8129', v: kodeOf('8129', d.kode) }, sporsmal: d.tekst, dokIdForesp: d.id };
    case 'NOTAT':
      return { type: 'DIALOG_NOTAT', temaKodet: { kodeverk: '8127', v: kodeOf('8127', d.kode) }, tekst: d.tekst, dokIdNotat: d.id, datoNotat: dato };
    case 'HENVENDELSE':
      return { type: 'DIALOG_NOTAT', temaKodet: { kodeverk: '8128', v: kodeOf('8128', d.kode) }, tekst: d.tekst, dokIdNotat: d.id, datoNotat: dato };
    case 'SVAR': {
      const quoted = parent?.kodeverk === '8129'
        ? { typeForesp: { kodeverk: '8129' as const, v: kodeOf('8129', parent.kode) }, sporsmal: parent.tekst, dokIdForesp: parent.id }
        : undefined;
      return { type: 'DIALOG_SVAR', temaKodet: { kodeverk: '9069', v: kodeOf('9069', d.kode) }, tekst: d.tekst, dokIdNotat: d.id, datoNotat: dato, foresporsel: quoted };
    }
    case 'MOTESVAR':
      return { type: 'DIALOG_SVAR', temaKodet: { kodeverk: '8126', v: kodeOf('8126', d.kode) }, tekst: d.tekst, dokIdNotat: d.id, datoNotat: dato };
    default: {
      const unknown: never = d.kind;
      throw new Error(`Unhandled dialogmelding kind ${String(unknown)}`);
    }
  }
}
