import type { Dialogmelding } from '@hub/domain';
import type { OutboundAttachment, OutboundBody, OutboundOrganisation } from '@hub/dialogmelding';
import { buildDialogmelding, NOTAT_FRA_NAV_KODE, textPdf } from '@hub/dialogmelding';
import type { MsgHeadNames } from '@hub/persistence';
import type { HubConfig } from '../config/config';
import { kodeOf } from './kinds';

/**
 * The MsgHead 1.2 / Dialogmelding 1.1 document of a stored dialogmelding. It carries only that dialogmelding (and, for
 * a svar, the forespørsel it answers): never other thread messages, never the hub's classified message fields.
 * The patient's and the legekontor's names are written where the hub knows them (the veileder's input when opening
 * the case, the fastlege relation); otherwise empty, for the gateway to fill from its registers.
 * The message's files go along as base64 vedlegg documents (MsgType A), as the MsgHead standard carries them.
 */
export function msgHeadOf(
  d: Dialogmelding,
  parent: Dialogmelding | undefined,
  patientFnr: string,
  us: HubConfig['dialogmelding'],
  names: MsgHeadNames = {},
  files: readonly OutboundAttachment[] = [],
): string {
  const nav: OutboundOrganisation = { name: us.orgName, herId: us.herId, orgnr: us.orgnr };
  const lege: OutboundOrganisation = { name: names.legekontor ?? '', herId: d.legeHerId ?? '' };
  return buildDialogmelding({
    msgId: d.msgId,
    genDate: d.createdAt,
    conversationRef: { refToConversation: d.conversationRef, refToParent: d.parentRef ?? d.msgId },
    sender: d.direction === 'UT' ? nav : lege,
    receiver: d.direction === 'UT' ? lege : nav,
    patient: { fodselsnummer: patientFnr, givenName: names.patient?.fornavn ?? '', familyName: names.patient?.etternavn ?? '' },
    body: bodyOf(d, parent),
    attachments: [...attachmentsOf(d), ...files],
  });
}

/** The referat of a dialogmøte travels as a PDF attachment of its notat (8127 kode 9), as NAV sends it. */
function attachmentsOf(d: Dialogmelding): OutboundAttachment[] {
  if (d.moteId === undefined || d.kodeverk !== '8127' || d.kode !== NOTAT_FRA_NAV_KODE.INFORMASJON_FRA_NAV) return [];
  const content = textPdf({ title: 'Referat fra dialogmøte', paragraphs: d.tekst.split('\n') });
  return [
    { mimeType: 'application/pdf', description: 'Referat fra dialogmøte', content, issueDate: d.createdAt.toISOString().slice(0, 10) },
  ];
}

function bodyOf(d: Dialogmelding, parent: Dialogmelding | undefined): OutboundBody {
  const dato = d.createdAt.toISOString().slice(0, 10);
  switch (d.kind) {
    case 'FORESPORSEL':
    case 'PAMINNELSE':
      return {
        type: 'DIALOG_FORESPORSEL',
        typeForesp: { kodeverk: '8129', v: kodeOf('8129', d.kode) },
        sporsmal: d.tekst,
        dokIdForesp: d.id,
      };
    case 'NOTAT':
      return {
        type: 'DIALOG_NOTAT',
        temaKodet: { kodeverk: '8127', v: kodeOf('8127', d.kode) },
        tekst: d.tekst,
        dokIdNotat: d.id,
        datoNotat: dato,
      };
    case 'HENVENDELSE':
      return {
        type: 'DIALOG_NOTAT',
        temaKodet: { kodeverk: '8128', v: kodeOf('8128', d.kode) },
        tekst: d.tekst,
        dokIdNotat: d.id,
        datoNotat: dato,
      };
    case 'SVAR': {
      const quoted =
        parent?.kodeverk === '8129'
          ? { typeForesp: { kodeverk: '8129' as const, v: kodeOf('8129', parent.kode) }, sporsmal: parent.tekst, dokIdForesp: parent.id }
          : undefined;
      return {
        type: 'DIALOG_SVAR',
        temaKodet: { kodeverk: '9069', v: kodeOf('9069', d.kode) },
        tekst: d.tekst,
        dokIdNotat: d.id,
        datoNotat: dato,
        foresporsel: quoted,
      };
    }
    case 'INNKALLING':
      return {
        type: 'DIALOG_FORESPORSEL',
        typeForesp: { kodeverk: '8125', v: kodeOf('8125', d.kode) },
        sporsmal: d.tekst,
        dokIdForesp: d.id,
      };
    case 'MOTESVAR':
      return {
        type: 'DIALOG_SVAR',
        temaKodet: { kodeverk: '8126', v: kodeOf('8126', d.kode) },
        tekst: d.tekst,
        dokIdNotat: d.id,
        datoNotat: dato,
      };
    default: {
      const unknown: never = d.kind;
      throw new Error(`Unhandled dialogmelding kind ${String(unknown)}`);
    }
  }
}
