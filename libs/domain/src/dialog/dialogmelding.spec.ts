import { Conflict } from '../errors';
import type { Dialogmelding } from './dialogmelding';
import {
  assertDialogThread,
  assertMayAnswer,
  directionOf,
  fitsDialogThread,
  handToOutbox,
  isDialogmeldingUbesvart,
  markBesvart,
  receiveAppRec,
  stampPaminnelse,
} from './dialogmelding';

const t0 = new Date('2024-03-01T09:00:00Z');
const t1 = new Date('2024-03-02T09:00:00Z');

const foresporsel: Dialogmelding = {
  id: 'd1',
  caseId: 'c1',
  threadId: 't1',
  messageId: 'm1',
  direction: 'UT',
  kind: 'FORESPORSEL',
  kodeverk: '8129',
  kode: '1',
  msgId: 'msg-1',
  conversationRef: 'msg-1',
  tekst: 'Hvordan går det?',
  senderId: 'Z1',
  legeHerId: '8094866',
  status: 'BESTILT',
  channel: 'rest',
  createdAt: t0,
  statusAt: t0,
};

describe('dialogmelding rules', () => {
  it('gives each kind its direction', () => {
    expect(['FORESPORSEL', 'PAMINNELSE', 'NOTAT'].map((k) => directionOf(k as Dialogmelding['kind']))).toEqual(['UT', 'UT', 'UT']);
    expect(['SVAR', 'HENVENDELSE', 'MOTESVAR'].map((k) => directionOf(k as Dialogmelding['kind']))).toEqual(['INN', 'INN', 'INN']);
  });

  it('travels only between NAV and the fastlege, never with an arbeidsgiver', () => {
    expect(fitsDialogThread(['fastlege', 'veileder'])).toBe(true);
    expect(fitsDialogThread(['fastlege', 'sykmeldt', 'veileder'])).toBe(true);
    expect(fitsDialogThread(['arbeidsgiver:974760673', 'fastlege', 'sykmeldt', 'veileder'])).toBe(false);
    expect(fitsDialogThread(['sykmeldt', 'veileder'])).toBe(false);
    expect(() => assertDialogThread(['arbeidsgiver:974760673', 'fastlege', 'sykmeldt', 'veileder'])).toThrow(/without an arbeidsgiver/);
    expect(() => assertDialogThread(['sykmeldt', 'veileder'])).toThrow(Conflict);
  });

  it('is SENDT once handed to the outbox, then final on the AppRec', () => {
    const sent = handToOutbox(foresporsel, t0);
    expect(sent).toMatchObject({ status: 'SENDT', sentAt: t0 });
    const ok = receiveAppRec(sent, true, t1);
    expect(ok.change).toEqual({ from: 'SENDT', to: 'OK' });
    expect(receiveAppRec(ok.dialogmelding, true, t1).change).toBeUndefined();
    expect(() => receiveAppRec(ok.dialogmelding, false, t1)).toThrow(Conflict);
    const avvist = receiveAppRec(sent, false, t1, { code: 'E21', text: 'Mottaker finnes ikke' });
    expect(avvist.dialogmelding).toMatchObject({ status: 'AVVIST', apprecErrorCode: 'E21' });
  });

  it('takes an AppRec for one never marked SENDT as proof it left', () => {
    const out = receiveAppRec(foresporsel, true, t1);
    expect(out.dialogmelding).toMatchObject({ status: 'OK', sentAt: t1, publishedAt: t1 });
  });

  it('answers only outgoing forespørsler and påminnelser', () => {
    expect(() => assertMayAnswer({ kind: 'FORESPORSEL', direction: 'UT' })).not.toThrow();
    expect(() => assertMayAnswer({ kind: 'PAMINNELSE', direction: 'UT' })).not.toThrow();
    expect(() => assertMayAnswer({ kind: 'NOTAT', direction: 'UT' })).toThrow(Conflict);
    expect(() => assertMayAnswer({ kind: 'HENVENDELSE', direction: 'INN' })).toThrow(Conflict);
  });

  it('marks a sent forespørsel besvart once, and keeps the first time', () => {
    const sent = handToOutbox(foresporsel, t0);
    const besvart = markBesvart(sent, t1);
    expect(besvart?.besvartAt).toEqual(t1);
    expect(markBesvart(besvart!, new Date('2024-03-05T00:00:00Z'))).toBeUndefined();
    expect(markBesvart(foresporsel, t1)).toBeUndefined(); // BESTILT never left
  });

  it('turns ubesvart after the period and takes one påminnelse', () => {
    const sent = handToOutbox(foresporsel, t0);
    const before = new Date(t0.getTime() + 503 * 3_600_000);
    const after = new Date(t0.getTime() + 504 * 3_600_000);
    expect(isDialogmeldingUbesvart(sent, before, 504)).toBe(false);
    expect(isDialogmeldingUbesvart(sent, after, 504)).toBe(true);
    expect(() => stampPaminnelse(sent, before, 504)).toThrow(Conflict);
    const reminded = stampPaminnelse(sent, after, 504);
    expect(reminded.paminnelseSentAt).toEqual(after);
    expect(() => stampPaminnelse(reminded, after, 504)).toThrow(/already/);
    expect(isDialogmeldingUbesvart(markBesvart(sent, before)!, after, 504)).toBe(false);
  });
});
