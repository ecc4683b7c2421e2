import type { Seat } from '../cases/case';
import { roleOfSeat } from '../cases/case';
import { Conflict } from '../errors';
import type { Foresporsel, ForesporselStatus } from './foresporsel';
import { changeForesporselStatus, isUbesvart, registerForesporselSvar, sendPaminnelse } from './foresporsel';

/** UT is NAV → lege (forespørsel, påminnelse, notat, møteinnkalling); INN is lege → NAV (svar, henvendelse, møtesvar). */
export type DialogmeldingDirection = 'UT' | 'INN';

export const DIALOGMELDING_KINDS = ['FORESPORSEL', 'PAMINNELSE', 'NOTAT', 'SVAR', 'HENVENDELSE', 'MOTESVAR', 'INNKALLING'] as const;
export type DialogmeldingKind = (typeof DIALOGMELDING_KINDS)[number];

/** An outgoing one moves like a forespørsel (BESTILT → SENDT → OK | AVVIST); an incoming one is MOTTATT. */
export type DialogmeldingStatus = ForesporselStatus | 'MOTTATT';

/** Through REST from a party in the hub, or as a MsgHead document from the message gateway. */
export type DialogmeldingChannel = 'rest' | 'gateway';

/**
 * One dialogmelding, tied to the thread message that carries it. `msgId`, `conversationRef` and `parentRef` are the
 * MsgHead's MsgId, RefToConversation and RefToParent; `tekst` is what was sent, kept as sent even if the thread
 * message is later edited, so the exported XML is the message that left.
 */
export interface Dialogmelding {
  id: string;
  caseId: string;
  threadId: string;
  messageId: string;
  direction: DialogmeldingDirection;
  kind: DialogmeldingKind;
  /** Code list (8126, 8127, 8128, 8129, 9069) and value. */
  kodeverk: string;
  kode: string;
  msgId: string;
  conversationRef: string;
  parentRef?: string;
  /** The stored dialogmelding this one answers or reminds of, when the hub knows it. */
  parentId?: string;
  tekst: string;
  senderId: string;
  /** The fastlege end of the exchange: the receiver of UT, the sender of INN. */
  legeHerId?: string;
  legeHprNr?: string;
  status: DialogmeldingStatus;
  channel: DialogmeldingChannel;
  createdAt: Date;
  /** Handed to the outbox (SENDT). */
  sentAt?: Date;
  /** Picked up by the message gateway (outbox `published_at`). */
  publishedAt?: Date;
  statusAt: Date;
  apprecErrorCode?: string;
  apprecErrorText?: string;
  besvartAt?: Date;
  /** When the ubesvart job told the veileder. */
  ubesvartAt?: Date;
  paminnelseSentAt?: Date;
  /** The dialogmøte this one calls, moves, cancels, reports or answers (issue 21). */
  moteId?: string;
}

export function directionOf(kind: DialogmeldingKind): DialogmeldingDirection {
  switch (kind) {
    case 'FORESPORSEL':
    case 'PAMINNELSE':
    case 'NOTAT':
    case 'INNKALLING':
      return 'UT';
    case 'SVAR':
    case 'HENVENDELSE':
    case 'MOTESVAR':
      return 'INN';
    default: {
      const unknown: never = kind;
      throw new Error(`Unhandled dialogmelding kind ${String(unknown)}`);
    }
  }
}

/**
 * A dialogmelding passes between NAV and the fastlege, with the sykmeldt possibly looking on; an arbeidsgiver never
 * takes part (DOMAIN.md, Taushetsplikt), and both ends must be in the thread for it to reach them.
 */
export function fitsDialogThread(participants: readonly Seat[]): boolean {
  return (
    participants.includes('fastlege') && participants.includes('veileder') && !participants.some((s) => roleOfSeat(s) === 'arbeidsgiver')
  );
}

/** Refuses (409) a thread a dialogmelding may not travel in. */
export function assertDialogThread(participants: readonly Seat[]): void {
  if (participants.some((s) => roleOfSeat(s) === 'arbeidsgiver')) {
    throw new Conflict('Dialogmeldinger go only in threads without an arbeidsgiver');
  }
  if (!participants.includes('fastlege') || !participants.includes('veileder')) {
    throw new Conflict('A dialogmelding needs the fastlege and the veileder in the thread');
  }
}

/** Refuses (409) a svar on anything but an outgoing forespørsel or påminnelse. */
export function assertMayAnswer(parent: Pick<Dialogmelding, 'kind' | 'direction'>): void {
  if (parent.direction !== 'UT' || (parent.kind !== 'FORESPORSEL' && parent.kind !== 'PAMINNELSE')) {
    throw new Conflict('Only a forespørsel or a påminnelse is answered with a svar');
  }
}

/** The forespørsel rules (libs/domain/src/dialog/foresporsel.ts) apply to an outgoing dialogmelding. */
export function asForesporsel(d: Dialogmelding): Foresporsel {
  if (d.direction !== 'UT' || d.status === 'MOTTATT') throw new Conflict('Not an outgoing dialogmelding');
  return {
    id: d.id,
    status: d.status,
    bestiltAt: d.createdAt,
    sentAt: d.sentAt,
    besvartAt: d.besvartAt,
    paminnelseSentAt: d.paminnelseSentAt,
    updatedAt: d.statusAt,
  };
}

function withForesporsel(d: Dialogmelding, f: Foresporsel): Dialogmelding {
  return { ...d, status: f.status, sentAt: f.sentAt, besvartAt: f.besvartAt, paminnelseSentAt: f.paminnelseSentAt, statusAt: f.updatedAt };
}

/**
 * A new outgoing dialogmelding is BESTILT and, handed to the outbox in the same transaction, SENDT: from then on the
 * fastlege can read it in the thread, and the message gateway can fetch it.
 */
export function handToOutbox(d: Dialogmelding, at: Date): Dialogmelding {
  const [sent] = changeForesporselStatus(asForesporsel(d), 'SENDT', at);
  return withForesporsel(d, sent);
}

export interface AppRecOutcome {
  dialogmelding: Dialogmelding;
  /** Undefined when the AppRec repeated what was already recorded. */
  change?: { from: DialogmeldingStatus; to: DialogmeldingStatus };
}

/**
 * Applies an AppRec to an outgoing dialogmelding: OK or AVVIST, final (an AppRec is final for its message).
 * The same verdict again changes nothing; a contrary one is a Conflict. A receipt proves the message left: one never
 * marked SENDT passes through SENDT, and one the gateway never confirmed taking counts as taken (out of the outbox).
 */
export function receiveAppRec(d: Dialogmelding, ok: boolean, at: Date, error?: { code: string; text: string }): AppRecOutcome {
  const to: ForesporselStatus = ok ? 'OK' : 'AVVIST';
  if (d.status === to) return { dialogmelding: d };
  let f = asForesporsel(d);
  if (f.status === 'BESTILT') [f] = changeForesporselStatus(f, 'SENDT', at);
  [f] = changeForesporselStatus(f, to, at);
  const next = withForesporsel(d, f);
  next.publishedAt ??= at;
  if (!ok && error) {
    next.apprecErrorCode = error.code;
    next.apprecErrorText = error.text;
  }
  return { dialogmelding: next, change: { from: d.status, to } };
}

/**
 * Records a svar on the forespørsel it answers. A svar is never refused for the forespørsel's state (the doctor's
 * answer is kept whatever happened to the receipt); only a forespørsel that could be answered is marked besvart.
 */
export function markBesvart(foresporsel: Dialogmelding, at: Date): Dialogmelding | undefined {
  if (foresporsel.kind !== 'FORESPORSEL' || foresporsel.besvartAt) return undefined;
  try {
    return withForesporsel(foresporsel, registerForesporselSvar(asForesporsel(foresporsel), at));
  } catch (e) {
    if (e instanceof Conflict) return undefined;
    throw e;
  }
}

/** An outgoing forespørsel past `periodHours` since it was sent, with no svar and not refused (isUbesvart). */
export function isDialogmeldingUbesvart(d: Dialogmelding, now: Date, periodHours: number): boolean {
  return d.direction === 'UT' && d.kind === 'FORESPORSEL' && isUbesvart(asForesporsel(d), now, periodHours);
}

/** Stamps the one påminnelse (8129 kode 2) of an ubesvart forespørsel; anything else is a Conflict (sendPaminnelse). */
export function stampPaminnelse(foresporsel: Dialogmelding, now: Date, periodHours: number): Dialogmelding {
  if (foresporsel.direction !== 'UT' || foresporsel.kind !== 'FORESPORSEL') throw new Conflict('Only a forespørsel gets a påminnelse');
  return withForesporsel(foresporsel, sendPaminnelse(asForesporsel(foresporsel), now, periodHours));
}
