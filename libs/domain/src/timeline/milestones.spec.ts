import { milestonesFor, timeline } from './milestones';
import { caught } from '../caught.spec-helper';

const start = new Date('2024-01-01T00:00:00Z');

describe('timeline of a case', () => {
  it('puts each deadline at the end of its week (start + N*7 days) in the legal order', () => {
    const t = timeline({ forsteSykedag: start, now: start, done: [] });
    expect(t.map((m) => [m.key, m.dueAt.toISOString().slice(0, 10)])).toEqual([
      ['OPPFOLGINGSPLAN', '2024-01-29'],
      ['DIALOGMOTE_1', '2024-02-19'],
      ['AKTIVITETSKRAV', '2024-02-26'],
      ['MOTEBEHOV', '2024-04-22'],
      ['DIALOGMOTE_2', '2024-07-01'],
      ['VURDERING_39_UKER', '2024-09-30'],
      ['MAKSDATO', '2024-12-30'],
    ]);
    const motebehov = t.find((m) => m.key === 'MOTEBEHOV');
    expect(motebehov?.window?.closesAt.toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(t.find((m) => m.key === 'OPPFOLGINGSPLAN')?.mustAct).toEqual(['arbeidsgiver', 'sykmeldt']);
    expect(t.find((m) => m.key === 'DIALOGMOTE_1')?.mustAct).toEqual(['arbeidsgiver']);
  });

  it('moves from UPCOMING to DUE_SOON 7 days before, to OVERDUE at the due instant, and DONE wins', () => {
    const statusAt = (iso: string, done: 'OPPFOLGINGSPLAN'[] = []) =>
      timeline({ forsteSykedag: start, now: new Date(iso), done }).find((m) => m.key === 'OPPFOLGINGSPLAN')?.status;
    expect(statusAt('2024-01-21T23:59:59.999Z')).toBe('UPCOMING');
    expect(statusAt('2024-01-22T00:00:00.000Z')).toBe('DUE_SOON');
    expect(statusAt('2024-01-28T23:59:59.999Z')).toBe('DUE_SOON');
    expect(statusAt('2024-01-29T00:00:00.000Z')).toBe('OVERDUE');
    expect(statusAt('2024-06-01T00:00:00.000Z', ['OPPFOLGINGSPLAN'])).toBe('DONE');
    const wide = timeline({ forsteSykedag: start, now: new Date('2024-01-10T00:00:00Z'), done: [], dueSoonDays: 21 });
    expect(wide[0].status).toBe('DUE_SOON');
  });

  it('uses NAV’s maksdato when it is known', () => {
    const t = timeline({ forsteSykedag: start, now: start, done: [], maksdato: new Date('2025-01-20T00:00:00Z') });
    expect(t.find((m) => m.key === 'MAKSDATO')?.dueAt.toISOString()).toBe('2025-01-20T00:00:00.000Z');
  });

  it('shows each role only the milestones that concern it; the arbeidsgiver never the aktivitetskrav', () => {
    const t = timeline({ forsteSykedag: start, now: start, done: [] });
    expect(milestonesFor('arbeidsgiver', t).map((m) => m.key)).toEqual([
      'OPPFOLGINGSPLAN',
      'DIALOGMOTE_1',
      'MOTEBEHOV',
      'DIALOGMOTE_2',
      'MAKSDATO',
    ]);
    expect(milestonesFor('fastlege', t).map((m) => m.key)).toEqual(['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'AKTIVITETSKRAV', 'DIALOGMOTE_2']);
    expect(milestonesFor('sykmeldt', t)).toHaveLength(7);
    expect(milestonesFor('veileder', t)).toHaveLength(7);
  });

  it('refuses a første sykedag that is not a calendar day, naming the field', () => {
    const e = caught(() => timeline({ forsteSykedag: new Date('2024-01-01T23:00:00Z'), now: start, done: [] }));
    expect(e.code).toBe('invalid');
    expect(e.details).toEqual([{ field: 'forsteSykedag', constraint: 'dateOnly' }]);
    expect(caught(() => timeline({ forsteSykedag: start, now: start, done: [], maksdato: start })).details).toEqual([
      { field: 'maksdato', constraint: 'afterForsteSykedag' },
    ]);
  });
});
