import type { DialogmeldingKind } from '@hub/domain';
import { Invalid } from '@hub/domain';
import type { AppRecErrorCode, DialogMessageType, InboundDialogmelding, Kode, Kodeverk } from '@hub/dialogmelding';
import { DIALOG_KODEVERK, FORESPORSEL_KODE, HENVENDELSE_FRA_LEGE_KODE, isKode, kodeTekst, SVAR_FORESPORSEL_KODE } from '@hub/dialogmelding';

interface KindCodes {
  msgType: DialogMessageType;
  kodeverk: Kodeverk;
  /** The one value the kind has (8129 1 or 2, 9069 5). */
  fixedKode?: string;
  /** Used when the sender gives none. */
  defaultKode?: string;
}

/** The MsgHead type and code list each kind is written with (DOMAIN.md, Dialogmelding; navikt/padm2). */
export const KIND_CODES: Record<DialogmeldingKind, KindCodes> = {
  FORESPORSEL: { msgType: 'DIALOG_FORESPORSEL', kodeverk: '8129', fixedKode: FORESPORSEL_KODE.FORESPORSEL },
  PAMINNELSE: { msgType: 'DIALOG_FORESPORSEL', kodeverk: '8129', fixedKode: FORESPORSEL_KODE.PAMINNELSE },
  NOTAT: { msgType: 'DIALOG_NOTAT', kodeverk: '8127' },
  SVAR: { msgType: 'DIALOG_SVAR', kodeverk: '9069', fixedKode: SVAR_FORESPORSEL_KODE.SVAR_PA_FORESPORSEL },
  HENVENDELSE: { msgType: 'DIALOG_NOTAT', kodeverk: '8128', defaultKode: HENVENDELSE_FRA_LEGE_KODE.SYKEFRAVARSOPPFOLGING },
  MOTESVAR: { msgType: 'DIALOG_SVAR', kodeverk: '8126' },
  // Innkalling and endring of DM2/DM3 to the fastlege go as a forespørsel with TypeForesp from 8125, as NAV sends them.
  INNKALLING: { msgType: 'DIALOG_FORESPORSEL', kodeverk: '8125' },
};

/** The kode a REST sender asked for, checked against the kind's list; Invalid names the field. */
export function kodeFor(kind: DialogmeldingKind, given: string | undefined): string {
  const { kodeverk, fixedKode, defaultKode } = KIND_CODES[kind];
  const kode = given ?? fixedKode ?? defaultKode;
  if (kode === undefined) throw new Invalid('kode', 'required', `A ${kind} needs a kode from code list ${kodeverk}`);
  if ((fixedKode !== undefined && kode !== fixedKode) || !isKode(kodeverk, kode)) {
    throw new Invalid('kode', 'isKode', `kode ${kode} is not a ${kind} kode of code list ${kodeverk}`);
  }
  return kode;
}

function isKodeverk(value: string): value is Kodeverk {
  return Object.hasOwn(DIALOG_KODEVERK, value);
}

/** A stored kode as the builder's typed code; a stored value outside its list is our own bug. */
export function kodeOf<K extends Kodeverk>(kodeverk: K, v: string): Kode<K> {
  if (!isKode(kodeverk, v)) throw new Error(`Stored kode ${v} is not in code list ${kodeverk}`);
  return v;
}

/** The list's text for a code: the open text of the thread message carrying the dialogmelding. */
export function kodeText(kodeverk: string, kode: string): string {
  return (isKodeverk(kodeverk) ? kodeTekst(kodeverk, kode) : undefined) ?? 'Dialogmelding';
}

/** The subject of a thread opened for an inbound dialogmelding: a møtesvar's code text ("Ja, jeg kommer") names no topic. */
export function threadSubject(kind: DialogmeldingKind, kodeverk: string, kode: string): string {
  return kind === 'MOTESVAR' ? DIALOG_KODEVERK['8126'].navn : kodeText(kodeverk, kode);
}

export interface InboundClass {
  kind: DialogmeldingKind;
  kodeverk: Kodeverk;
  kode: string;
  tekst: string;
  /** DokIdForesp of the forespørsel a svar quotes: the hub writes its dialogmelding id there. */
  quotedDokId?: string;
}

export type InboundKind = InboundClass | { refusal: { code: AppRecErrorCode; reason: string } };

/**
 * What an inbound document is to the hub: a svar (9069), a møtesvar (8126) or a henvendelse (8128). NAV → lege
 * messages (a DIALOG_FORESPORSEL, a notat with 8127) coming in are refused, as their codes contradict the direction.
 */
export function classifyInbound(m: InboundDialogmelding): InboundKind {
  const notater = m.body?.notater ?? [];
  const tekst = notater.flatMap((n) => (n.tekst ? [n.tekst] : [])).join('\n\n');
  const tema = notater[0]?.temaKodet;
  const quotedDokId = notater[0]?.foresporsel?.dokIdForesp;
  switch (m.type) {
    case 'DIALOG_FORESPORSEL':
      return {
        refusal: {
          code: 'T10',
          reason:
            'Hubben tar ikke imot DIALOG_FORESPORSEL; forespørsler går fra NAV til lege / the hub takes no DIALOG_FORESPORSEL: forespørsler go from NAV to the lege',
        },
      };
    case 'DIALOG_NOTAT':
      if (tema?.kodeverk === '8127') {
        return {
          refusal: {
            code: 'X99',
            reason:
              'Kodeverk 8127 er for notater fra NAV til lege, ikke til NAV / code list 8127 is for notater from NAV to the lege, not to NAV',
          },
        };
      }
      return { kind: 'HENVENDELSE', kodeverk: '8128', kode: tema?.v ?? HENVENDELSE_FRA_LEGE_KODE.SYKEFRAVARSOPPFOLGING, tekst };
    case 'DIALOG_SVAR':
      if (tema?.kodeverk === '8126') return { kind: 'MOTESVAR', kodeverk: '8126', kode: tema.v, tekst };
      // A svar without TemaKodet is read as a svar on a forespørsel, as padm2 does.
      return {
        kind: 'SVAR',
        kodeverk: '9069',
        kode: SVAR_FORESPORSEL_KODE.SVAR_PA_FORESPORSEL,
        tekst,
        ...(quotedDokId ? { quotedDokId } : {}),
      };
    default: {
      const unknown: never = m.type;
      throw new Error(`Unhandled message type ${String(unknown)}`);
    }
  }
}
