import type { Case, Seat } from '@hub/domain';
import type { CaseAccess } from './case-access';
import { onlineSeats, typingSignal } from './signals';

const ORG = '974760673';
const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 0,
};
const thread = (id: string, participants: Seat[]) => ({
  id,
  caseId: c.id,
  subject: id,
  participants,
  createdBy: 'v-1',
  createdAt: new Date(0),
});
const access: CaseAccess = { case: c, relations: [], consents: [], threads: [thread('lege-nav', ['fastlege', 'veileder'])] };

describe('ephemeral signals', () => {
  it('lets only a participant signal typing, heard by the participants only', () => {
    expect(typingSignal(access, ['veileder'], 'lege-nav')).toEqual({ seat: 'veileder', to: ['fastlege', 'veileder'] });
    expect(typingSignal(access, [`arbeidsgiver:${ORG}`], 'lege-nav')).toBeUndefined();
    expect(typingSignal(access, ['veileder'], 'no-such-thread')).toBeUndefined();
    expect(typingSignal(undefined, ['veileder'], 'lege-nav')).toBeUndefined();
  });

  it('answers presence only to a subscriber, as seats', () => {
    expect(onlineSeats(undefined, [['fastlege']])).toBeUndefined();
    expect(onlineSeats(['veileder'], [['veileder'], undefined, ['fastlege', 'veileder']])).toEqual(['fastlege', 'veileder']);
  });
});
