import { Conflict, Forbidden, Invalid } from '../errors';
import type { Actor } from '../roles';
import { optionalText } from '../followup/text-rules';
import type { Dialogmote } from './dialogmote';
import { mayAskNyttTid, requireDialogmoteOpen } from './dialogmote';

/** NAV's svar codes (code list 8126: 1 kommer, 2 nytt tidspunkt, 3 kan ikke komme). */
export type DialogmoteSvarType = 'KOMMER' | 'NYTT_TID_STED' | 'KOMMER_IKKE';

export interface DialogmoteSvar {
  type: DialogmoteSvarType;
  /** Only with NYTT_TID_STED: the time or place the participant wishes instead. */
  onske?: string;
  by: string;
  at: Date;
}

export const SVAR_ONSKE_MAX = 1000;

/**
 * Records one invited participant's svar while the møte is INNKALT or NYTT_TID_STED (409 otherwise); a later svar
 * replaces the earlier. The convener does not answer its own innkalling. A request for a new time past the convener's
 * limit is refused (409): the convener decides the time from then on.
 */
export function giveSvar(mote: Dialogmote, by: Actor, svar: { type: DialogmoteSvarType; onske?: string }, at: Date): Dialogmote {
  if (!mote.deltakere.includes(by.role) || by.role === mote.innkaltAv) throw new Forbidden();
  requireDialogmoteOpen(mote);
  const onske = optionalText('onske', svar.onske, SVAR_ONSKE_MAX);
  // A KOMMER_IKKE text would invite a reason, and reasons for absence are often medical; the code alone says enough.
  if (onske !== undefined && svar.type !== 'NYTT_TID_STED') throw new Invalid('onske', 'onlyWithNyttTidSted');
  if (svar.type === 'NYTT_TID_STED' && !mayAskNyttTid(mote, by.role)) {
    throw new Conflict('The limit of requests for a new time is reached; the convener decides the time');
  }
  const recorded: DialogmoteSvar = { type: svar.type, by: by.sub, at, ...(onske ? { onske } : {}) };
  const onsker =
    svar.type === 'NYTT_TID_STED' ? { ...mote.nyttTidOnsker, [by.role]: (mote.nyttTidOnsker?.[by.role] ?? 0) + 1 } : mote.nyttTidOnsker;
  return { ...mote, svar: { ...mote.svar, [by.role]: recorded }, ...(onsker ? { nyttTidOnsker: onsker } : {}), updatedAt: at };
}
