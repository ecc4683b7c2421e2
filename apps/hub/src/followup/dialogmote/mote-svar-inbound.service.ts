import { Injectable } from '@nestjs/common';
import { Conflict, DialogmoteSvarType, DomainError, giveSvar, Message, NewCaseEvent, SVAR_ONSKE_MAX } from '@hub/domain';
import { MOTESVAR_KODE } from '@hub/dialogmelding';
import { DialogmoteRepository } from '@hub/persistence';
import { CaseEventWriter } from '../../events/case-event-writer';
import { fileIn, Filing } from '../../dialogmelding/dialogmelding-writer';
import { deltakerSeats } from './dialogmote.service';

const SVAR_OF_KODE: Record<string, DialogmoteSvarType> = {
  [MOTESVAR_KODE.KOMMER]: 'KOMMER',
  [MOTESVAR_KODE.NYTT_TID_STED]: 'NYTT_TID_STED',
  [MOTESVAR_KODE.KOMMER_IKKE]: 'KOMMER_IKKE',
};

export type MoteSvarOutcome = { filed: Message } | { refused: string };

/**
 * A fastlege's svar (8126) from the EPJ, filed on the møte it answers as the fastlege's svar, exactly as a svar given
 * in the page (giveSvar: open møte, limit on new times), together with the dialogmelding itself in one transaction.
 * The convener hears `dialogmote.svar` at once. The fastlege's text stays in the dialogmelding (veileder–fastlege
 * thread, medical field); only a wish for a new time becomes the svar's `onske`, as in the page. A svar the møte
 * cannot take (cancelled, held, closed, past the limit) writes nothing and comes back as the reason for an AppRec.
 */
@Injectable()
export class MoteSvarInboundService {
  constructor(private readonly writer: CaseEventWriter) {}

  async file(filing: Filing & { dialogmelding: { moteId: string } }, lege: { partyId: string }): Promise<MoteSvarOutcome> {
    const d = filing.dialogmelding;
    const type = SVAR_OF_KODE[d.kode];
    if (!type) return { refused: `Ukjent svarkode ${d.kode} i kodeverk 8126 / unknown svar code ${d.kode} in code list 8126` };
    const published: Message[] = [];
    try {
      await this.writer.commit(async (tx) => {
        const repo = new DialogmoteRepository(tx);
        // The møte first, then the case row (fileIn), in the order DialogmoteService takes them.
        const stored = await repo.find(d.caseId, d.moteId, true);
        if (!stored) throw new Conflict('Dialogmøtet finnes ikke lenger / the dialogmøte no longer exists');
        const onske = type === 'NYTT_TID_STED' && d.tekst.trim() !== '' ? d.tekst.trim().slice(0, SVAR_ONSKE_MAX) : undefined;
        const mote = giveSvar(stored.mote, { role: 'fastlege', sub: lege.partyId }, { type, onske }, d.createdAt);
        await repo.update(mote);
        await repo.putSvar(mote.id, 'fastlege', mote.svar.fastlege!);
        const events: NewCaseEvent[] = [
          {
            caseId: d.caseId,
            type: 'dialogmote.svar',
            threadId: null,
            refId: mote.id,
            actorId: lege.partyId,
            audience: deltakerSeats(stored),
            payload: { moteId: mote.id, role: 'fastlege', svar: type },
            at: d.createdAt,
          },
        ];
        const filed = await fileIn(tx, filing, events.length);
        published.push(filed.message);
        return [...events, ...filed.events];
      }, published);
    } catch (e) {
      if (e instanceof DomainError && e.code !== 'invalid') return { refused: reasonOf(e.message) };
      throw e;
    }
    return { filed: published[0] };
  }
}

/** The møte's refusal in words the legekontor can act on (both languages, as the hub's other AppRecs). */
function reasonOf(conflict: string): string {
  if (/AVLYST/.test(conflict))
    return 'Dialogmøtet er avlyst; svaret er ikke registrert / the dialogmøte is cancelled; the svar was not recorded';
  if (/FERDIGSTILT|LUKKET/.test(conflict))
    return 'Dialogmøtet er avholdt eller lukket; svaret er ikke registrert / the dialogmøte was held or closed; the svar was not recorded';
  if (/limit/.test(conflict))
    return 'Grensen for ønsker om nytt tidspunkt er nådd; NAV bestemmer tidspunktet / the limit of requests for a new time is reached; NAV decides the time';
  return `${conflict}`;
}
