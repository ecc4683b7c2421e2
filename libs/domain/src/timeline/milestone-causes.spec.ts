import type { CaseEvent } from '../events/case-event';
import { milestoneMetBy } from './milestone-causes';

const ev = (type: CaseEvent['type'], payload: CaseEvent['payload'] = {}, refId: string | null = null) => ({ type, payload, refId });

describe('milestoneMetBy', () => {
  it('maps each meeting event to its milestone and what it was about', () => {
    expect(milestoneMetBy(ev('plan.shared', { planId: 'p1', versjon: 2, mottaker: 'fastlege' }))).toEqual({
      key: 'OPPFOLGINGSPLAN',
      cause: 'PLAN_DELT',
      refId: 'p1',
    });
    expect(milestoneMetBy(ev('dialogmote.status_changed', { moteId: 'm1', kind: 'DM1', from: 'INNKALT', to: 'FERDIGSTILT' }))).toEqual({
      key: 'DIALOGMOTE_1',
      cause: 'DM1_FERDIGSTILT',
      refId: 'm1',
    });
    expect(
      milestoneMetBy(ev('dialogmote.status_changed', { moteId: 'm2', kind: 'DM2', from: 'NYTT_TID_STED', to: 'FERDIGSTILT' })),
    ).toEqual({
      key: 'DIALOGMOTE_2',
      cause: 'DM2_FERDIGSTILT',
      refId: 'm2',
    });
    expect(milestoneMetBy(ev('dialogmote.dm2_unntak'))).toEqual({ key: 'DIALOGMOTE_2', cause: 'DM2_UNNTAK', refId: null });
    expect(milestoneMetBy(ev('motebehov.submitted', { motebehovId: 'b1', skjemaType: 'SVAR_BEHOV', innmelder: 'sykmeldt' }))).toEqual({
      key: 'MOTEBEHOV',
      cause: 'MOTEBEHOV_SVAR',
      refId: 'b1',
    });
  });

  it('leaves what does not meet a deadline alone: a called, moved or cancelled møte, a DM3, a MELD_BEHOV, an approval', () => {
    for (const to of ['NYTT_TID_STED', 'AVLYST', 'LUKKET'])
      expect(milestoneMetBy(ev('dialogmote.status_changed', { moteId: 'm', kind: 'DM1', to }))).toBeUndefined();
    expect(milestoneMetBy(ev('dialogmote.status_changed', { moteId: 'm', kind: 'DM3', to: 'FERDIGSTILT' }))).toBeUndefined();
    expect(milestoneMetBy(ev('dialogmote.innkalt', { moteId: 'm', kind: 'DM1', status: 'INNKALT' }))).toBeUndefined();
    expect(
      milestoneMetBy(ev('motebehov.submitted', { motebehovId: 'b', skjemaType: 'MELD_BEHOV', innmelder: 'arbeidsgiver' })),
    ).toBeUndefined();
    expect(milestoneMetBy(ev('plan.approved', { planId: 'p', versjon: 1, role: 'sykmeldt', godkjent: true }))).toBeUndefined();
    expect(milestoneMetBy(ev('timeline.milestone_done', { milestone: 'OPPFOLGINGSPLAN' }))).toBeUndefined();
  });
});
