import { randomUUID } from 'node:crypto';
import type { Dialogmelding, Message, NewCaseEvent, Relation, Seat, Thread } from '@hub/domain';
import { fitsDialogThread, handToOutbox, moteByDialogmelding, referatFor } from '@hub/domain';
import type { CaseAccess } from '@hub/access';
import { INNKALLING_KODE, NOTAT_FRA_NAV_KODE } from '@hub/dialogmelding';
import type { Queryable, StoredDialogmote } from '@hub/persistence';
import { DialogmeldingRepository } from '@hub/persistence';
import { fileIn } from '../../dialogmelding/dialogmelding-writer';
import { kodeText } from '../../dialogmelding/kinds';

/** What a møte change tells the fastlege (issue 21). */
export type MoteUtsending = 'INNKALLING' | 'ENDRING' | 'AVLYSNING' | 'REFERAT';

const OSLO = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'full', timeStyle: 'short' });

/** The fastlege of the case who can be reached by dialogmelding (has a HER-id), if the møte invites one and is NAV's. */
export function reachableFastlege(s: StoredDialogmote, access: CaseAccess): (Relation & { herId: string }) | undefined {
  // 8125 names only DM2 and DM3: DM1 is the employer's møte, and the fastlege takes part in it through the page.
  if (!moteByDialogmelding(s.mote.kind) || !s.mote.deltakere.includes('fastlege')) return undefined;
  const lege = access.relations.find((r) => r.role === 'fastlege' && r.endedAt === undefined);
  return lege?.herId ? { ...lege, herId: lege.herId } : undefined;
}

function tidStedLines(s: StoredDialogmote): string[] {
  const { tid, sted, videoLink } = s.mote.tidSted;
  return [`Tid: ${OSLO.format(tid)}`, `Sted: ${sted}`, ...(videoLink ? [`Videomøte: ${videoLink}`] : [])];
}

/** The code and text of the dialogmelding, as NAV writes them (8125 innkalling/endring; 8127 kode 4 avlysning, 9 referat). */
function draftOf(s: StoredDialogmote, what: MoteUtsending): Pick<Dialogmelding, 'kind' | 'kodeverk' | 'kode' | 'tekst'> {
  const m = s.mote;
  const navn = m.kind === 'DM2' ? 'dialogmøte 2' : 'dialogmøte 3';
  const svar = 'Svar med dialogmelding: Ja, jeg kommer / Jeg ønsker nytt møtetidspunkt / Jeg kan ikke komme.';
  const grense =
    m.maksNyttTidOnsker !== undefined
      ? [`Du kan be om nytt tidspunkt ${m.maksNyttTidOnsker} gang(er); deretter bestemmer NAV tidspunktet.`]
      : [];
  switch (what) {
    case 'INNKALLING':
      return {
        kind: 'INNKALLING',
        kodeverk: '8125',
        kode: m.kind === 'DM2' ? INNKALLING_KODE.INNKALLING_DM2 : INNKALLING_KODE.INNKALLING_DM3,
        tekst: [`Innkalling til ${navn} for pasienten.`, ...tidStedLines(s), svar, ...grense].join('\n'),
      };
    case 'ENDRING':
      return {
        kind: 'INNKALLING',
        kodeverk: '8125',
        kode: m.kind === 'DM2' ? INNKALLING_KODE.ENDRING_DM2 : INNKALLING_KODE.ENDRING_DM3,
        tekst: [`Ny tid eller nytt sted for ${navn} for pasienten.`, ...tidStedLines(s), svar, ...grense].join('\n'),
      };
    case 'AVLYSNING':
      return {
        kind: 'NOTAT',
        kodeverk: '8127',
        kode: NOTAT_FRA_NAV_KODE.AVLYSNING_DIALOGMOTE,
        tekst: [`${navn[0].toUpperCase()}${navn.slice(1)} er avlyst.`, ...tidStedLines(s)].join('\n'),
      };
    case 'REFERAT': {
      // The fastlege's part only (REFERAT_PARTS.fastlege): what the employer and the sykmeldt are to do stays out.
      const r = referatFor('fastlege', m) ?? {};
      const parts: [string, string | undefined][] = [
        ['Situasjon', r.situasjon],
        ['Konklusjon', r.konklusjon],
        ['Behandlerens oppgave', r.behandlerOppgave],
      ];
      const tekst = [`Referat fra ${navn}`, ...tidStedLines(s).slice(0, 1), ...parts.flatMap(([t, v]) => (v ? ['', `${t}:`, v] : []))].join(
        '\n',
      );
      return { kind: 'NOTAT', kodeverk: '8127', kode: NOTAT_FRA_NAV_KODE.INFORMASJON_FRA_NAV, tekst };
    }
    default: {
      const unknown: never = what;
      throw new Error(`Unhandled møte utsending ${String(unknown)}`);
    }
  }
}

/**
 * Files the dialogmelding a møte change sends its fastlege, in the transaction of the change itself, so the outbox row
 * commits with its cause (guarantee 8). Every message of one møte shares one ConversationRef (the innkalling's MsgId)
 * and points at the previous one; they travel in one veileder–fastlege thread, opened with the first. Nothing is
 * written when the møte does not reach a fastlege by dialogmelding.
 */
export async function fileMoteDialogmelding(
  tx: Queryable,
  s: StoredDialogmote,
  what: MoteUtsending,
  access: CaseAccess,
  sender: { id: string },
  eventsBefore: number,
  now: Date,
): Promise<{ events: NewCaseEvent[]; message: Message } | undefined> {
  const lege = reachableFastlege(s, access);
  if (!lege) return undefined;
  const earlier = (await new DialogmeldingRepository(tx).ofMote(s.mote.id)).filter((d) => d.direction === 'UT');
  const first = earlier[0];
  const last = earlier[earlier.length - 1];
  const known = first && access.threads.find((t) => t.id === first.threadId && fitsDialogThread(t.participants));
  const thread: Thread | undefined = known
    ? undefined
    : {
        id: randomUUID(),
        caseId: s.caseId,
        subject: s.mote.kind === 'DM2' ? 'Dialogmøte 2' : 'Dialogmøte 3',
        participants: ['fastlege', 'veileder'],
        createdBy: sender.id,
        createdAt: now,
      };
  const threadId = known?.id ?? thread!.id;
  const participants: readonly Seat[] = known?.participants ?? thread!.participants;
  const msgId = randomUUID();
  const draft = draftOf(s, what);
  const d = handToOutbox(
    {
      id: randomUUID(),
      caseId: s.caseId,
      threadId,
      messageId: randomUUID(),
      direction: 'UT',
      ...draft,
      msgId,
      conversationRef: first?.conversationRef ?? msgId,
      parentRef: last?.msgId,
      parentId: last?.id,
      senderId: sender.id,
      legeHerId: lege.herId,
      legeHprNr: lege.hprNr,
      status: 'BESTILT',
      channel: 'rest',
      createdAt: now,
      statusAt: now,
      moteId: s.mote.id,
    },
    now,
  );
  const message: Message = {
    id: d.messageId,
    caseId: d.caseId,
    threadId,
    seq: 0,
    senderId: sender.id,
    senderRole: 'veileder',
    senderSeat: 'veileder',
    clientTxnId: `dialogmote:${d.id}`,
    // As every dialogmelding: the open text names the kind, the content sits in the field the arbeidsgiver never gets.
    tekst: kodeText(d.kodeverk, d.kode),
    medisinskVurdering: d.tekst,
    attachments: [],
    version: 1,
    sentAt: now,
  };
  return fileIn(
    tx,
    { dialogmelding: d, message, thread, participants, actor: { id: sender.id, role: 'veileder' }, channel: 'rest' },
    eventsBefore,
  );
}
