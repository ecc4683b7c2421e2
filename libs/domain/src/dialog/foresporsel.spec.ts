import type { Foresporsel } from './foresporsel';
import { changeForesporselStatus, isUbesvart, registerForesporselSvar, sendPaminnelse } from './foresporsel';
import { caught } from '../caught.spec-helper';

const bestilt: Foresporsel = {
  id: 'f1',
  status: 'BESTILT',
  bestiltAt: new Date('2024-03-01T09:00:00Z'),
  updatedAt: new Date('2024-03-01T09:00:00Z'),
};
const sentAt = new Date('2024-03-01T10:00:00Z');
const H = 3_600_000;

describe('forespørsel to the fastlege', () => {
  it('moves BESTILT → SENDT → OK | AVVIST and nothing else', () => {
    expect(caught(() => changeForesporselStatus(bestilt, 'OK', sentAt)).code).toBe('conflict');
    const [sent, change] = changeForesporselStatus(bestilt, 'SENDT', sentAt);
    expect(sent.sentAt).toBe(sentAt);
    expect(change).toEqual({ foresporselId: 'f1', from: 'BESTILT', to: 'SENDT', at: sentAt });
    const [ok] = changeForesporselStatus(sent, 'OK', sentAt);
    const [avvist] = changeForesporselStatus(sent, 'AVVIST', sentAt);
    for (const final of [ok, avvist]) {
      for (const to of ['BESTILT', 'SENDT', 'OK', 'AVVIST'] as const) {
        expect(caught(() => changeForesporselStatus(final, to, sentAt)).code).toBe('conflict');
      }
    }
    expect(caught(() => changeForesporselStatus(sent, 'SENDT', sentAt)).code).toBe('conflict');
  });

  it('is ubesvart from exactly 504 hours after sending, unless answered or AVVIST', () => {
    const [sent] = changeForesporselStatus(bestilt, 'SENDT', sentAt);
    const [ok] = changeForesporselStatus(sent, 'OK', sentAt);
    const [avvist] = changeForesporselStatus(sent, 'AVVIST', sentAt);
    const at = (ms: number) => new Date(sentAt.getTime() + ms);
    expect(isUbesvart(ok, at(504 * H - 1))).toBe(false);
    expect(isUbesvart(ok, at(504 * H))).toBe(true);
    expect(isUbesvart(sent, at(504 * H))).toBe(true);
    expect(isUbesvart(avvist, at(2000 * H))).toBe(false);
    expect(isUbesvart(bestilt, at(2000 * H))).toBe(false);
    expect(isUbesvart(registerForesporselSvar(ok, at(100 * H)), at(600 * H))).toBe(false);
    expect(isUbesvart(ok, at(48 * H), 48)).toBe(true);
    expect(caught(() => isUbesvart(ok, at(0), 0)).details).toEqual([{ field: 'periodHours', constraint: 'min' }]);
  });

  it('gets one påminnelse per ubesvart forespørsel', () => {
    const [sent] = changeForesporselStatus(bestilt, 'SENDT', sentAt);
    const [ok] = changeForesporselStatus(sent, 'OK', sentAt);
    const other: Foresporsel = { ...ok, id: 'f2', sentAt: new Date('2024-03-15T10:00:00Z') };
    const now = new Date('2024-03-25T10:00:00Z'); // 24 days after f1, 10 after f2
    expect(caught(() => sendPaminnelse(other, now)).code).toBe('conflict');
    const reminded = sendPaminnelse(ok, now);
    expect(reminded.paminnelseSentAt).toBe(now);
    const later = new Date('2024-04-30T10:00:00Z');
    expect(sendPaminnelse(other, later).paminnelseSentAt).toBe(later);
    expect(caught(() => sendPaminnelse(reminded, now)).message).toBe('Påminnelse already sent');
  });

  it('takes a svar only after sending and keeps the first svar time', () => {
    expect(caught(() => registerForesporselSvar(bestilt, sentAt)).code).toBe('conflict');
    const [sent] = changeForesporselStatus(bestilt, 'SENDT', sentAt);
    const first = registerForesporselSvar(sent, new Date('2024-03-05T10:00:00Z'));
    expect(registerForesporselSvar(first, new Date('2024-03-06T10:00:00Z')).besvartAt).toEqual(new Date('2024-03-05T10:00:00Z'));
  });
});
