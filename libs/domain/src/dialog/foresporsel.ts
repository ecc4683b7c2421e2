import { Conflict } from '../errors';
import { addHours, requireDate, requireWholeNumber } from '../followup/dates';

/**
 * A forespørsel to the fastlege: BESTILT (ordered in the hub), SENDT (left as a dialogmelding), then the AppRec decides:
 * OK (Status 1, delivered) or AVVIST (Status 2). OK means received, not answered; the answer is a DIALOG_SVAR.
 */
export type ForesporselStatus = 'BESTILT' | 'SENDT' | 'OK' | 'AVVIST';

// Only these moves exist (allow-list); OK and AVVIST are final because an AppRec is final for its message.
export const FORESPORSEL_MOVES: Record<ForesporselStatus, readonly ForesporselStatus[]> = {
  BESTILT: ['SENDT'],
  SENDT: ['OK', 'AVVIST'],
  OK: [],
  AVVIST: [],
};

/** 504 h: a forespørsel unanswered for 3 weeks gets a påminnelse (code list 8129, kode 2; DOMAIN.md, dialogmelding). */
export const UBESVART_AFTER_HOURS = 504;

export interface Foresporsel {
  id: string;
  status: ForesporselStatus;
  bestiltAt: Date;
  sentAt?: Date;
  /** When the first DIALOG_SVAR arrived. */
  besvartAt?: Date;
  paminnelseSentAt?: Date;
  updatedAt: Date;
}

export interface ForesporselStatusChange {
  foresporselId: string;
  from: ForesporselStatus;
  to: ForesporselStatus;
  at: Date;
}

/** Moves a forespørsel along FORESPORSEL_MOVES (409 otherwise); SENDT stamps `sentAt`, from which the 504 h run. */
export function changeForesporselStatus(f: Foresporsel, to: ForesporselStatus, at: Date): [Foresporsel, ForesporselStatusChange] {
  if (!FORESPORSEL_MOVES[f.status].includes(to)) throw new Conflict(`Forespørsel cannot go from ${f.status} to ${to}`);
  const moved: Foresporsel = { ...f, status: to, updatedAt: at, ...(to === 'SENDT' ? { sentAt: at } : {}) };
  return [moved, { foresporselId: f.id, from: f.status, to, at }];
}

/** Records the fastlege's svar; only a forespørsel that left can be answered, and the first svar's time is kept. */
export function registerForesporselSvar(f: Foresporsel, at: Date): Foresporsel {
  if (f.status !== 'SENDT' && f.status !== 'OK') throw new Conflict(`Forespørsel is ${f.status}`);
  if (f.besvartAt) return f;
  return { ...f, besvartAt: at, updatedAt: at };
}

/**
 * Ubesvart at `now`: not AVVIST, no svar, and sent at or before now − period (the cutoff of isbehandlerdialog's
 * QUERY_GET_UBESVARTE_MELDINGER, `created_at <= ?`). We count from sending, not ordering: a BESTILT one never left,
 * so the fastlege could not have answered it yet.
 */
export function isUbesvart(f: Foresporsel, now: Date, periodHours = UBESVART_AFTER_HOURS): boolean {
  requireWholeNumber('periodHours', periodHours, 1);
  switch (f.status) {
    case 'BESTILT':
    case 'AVVIST':
      return false;
    case 'SENDT':
    case 'OK':
      return !f.besvartAt && !!f.sentAt && f.sentAt.getTime() <= addHours(now, -periodHours).getTime();
    default: {
      const unknown: never = f.status;
      throw new Error(`Unhandled forespørsel status ${String(unknown)}`);
    }
  }
}

/** Stamps the one påminnelse of an ubesvart forespørsel; not ubesvart, or reminded already, is a Conflict. */
export function sendPaminnelse(f: Foresporsel, now: Date, periodHours = UBESVART_AFTER_HOURS): Foresporsel {
  requireDate('now', now);
  if (!isUbesvart(f, now, periodHours)) throw new Conflict('Forespørsel is not ubesvart');
  if (f.paminnelseSentAt) throw new Conflict('Påminnelse already sent');
  return { ...f, paminnelseSentAt: now, updatedAt: now };
}
