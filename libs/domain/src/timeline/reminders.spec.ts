import type { MilestoneKey } from './milestones';
import type { ReminderKey } from './reminders';
import { dueReminders } from './reminders';

const start = new Date('2024-01-01T00:00:00Z');
const DAY = 86_400_000;

describe('reminders for a job with an injected clock', () => {
  it('sends each reminder exactly once, on the right day, and none for what is done', () => {
    const sent: ReminderKey[] = [];
    const sentOn = new Map<ReminderKey, string>();
    const done: MilestoneKey[] = [];
    // A daily job at 06:00 UTC for 400 days; DM1 is held on day 45 (2024-02-15), before its deadline.
    for (let day = 0; day < 400; day++) {
      const now = new Date(start.getTime() + day * DAY + 6 * 3_600_000);
      if (day === 45) done.push('DIALOGMOTE_1');
      for (const r of dueReminders({ forsteSykedag: start, now, done, sent })) {
        expect(sent).not.toContain(r.key);
        sent.push(r.key);
        sentOn.set(r.key, now.toISOString().slice(0, 10));
      }
    }
    expect(sentOn.get('OPPFOLGINGSPLAN:DUE_SOON:arbeidsgiver')).toBe('2024-01-22');
    expect(sentOn.get('OPPFOLGINGSPLAN:DUE_SOON:sykmeldt')).toBe('2024-01-22');
    expect(sentOn.get('OPPFOLGINGSPLAN:OVERDUE:arbeidsgiver')).toBe('2024-01-29');
    expect(sentOn.get('DIALOGMOTE_1:DUE_SOON:arbeidsgiver')).toBe('2024-02-12');
    expect(sentOn.has('DIALOGMOTE_1:OVERDUE:arbeidsgiver')).toBe(false);
    expect(sentOn.get('DIALOGMOTE_2:OVERDUE:veileder')).toBe('2024-07-01');
    expect(sentOn.get('MAKSDATO:DUE_SOON:veileder')).toBe('2024-12-23');
    // NAV asks the sykmeldt and the leder whether a dialogmøte is needed on the day the SVAR_BEHOV window opens.
    expect(sentOn.get('MOTEBEHOV:SVAR_BEHOV:sykmeldt')).toBe('2024-04-22');
    expect(sentOn.get('MOTEBEHOV:SVAR_BEHOV:arbeidsgiver')).toBe('2024-04-22');
    // 4 for the plan (2 roles × 2 kinds), 1 for DM1, 2 each for the five veileder milestones, 2 SVAR_BEHOV questions.
    expect(sent).toHaveLength(17);
    expect(sent.some((k) => k.endsWith(':fastlege'))).toBe(false);
  });

  it('sends only OVERDUE for deadlines already passed when the case is first seen', () => {
    const now = new Date('2024-07-25T06:00:00Z'); // week 30
    const keys = dueReminders({ forsteSykedag: start, now, done: ['OPPFOLGINGSPLAN'], sent: [] }).map((r) => r.key);
    expect(keys).toEqual([
      'DIALOGMOTE_1:OVERDUE:arbeidsgiver',
      'AKTIVITETSKRAV:OVERDUE:veileder',
      'MOTEBEHOV:OVERDUE:veileder',
      'DIALOGMOTE_2:OVERDUE:veileder',
    ]);
  });

  it('asks SVAR_BEHOV only while its window is open and the møtebehov is not handled', () => {
    const inWindow = new Date('2024-05-10T06:00:00Z');
    const asked = (now: Date, done: MilestoneKey[] = []) =>
      dueReminders({ forsteSykedag: start, now, done, sent: [] })
        .filter((r) => r.kind === 'SVAR_BEHOV')
        .map((r) => r.key);
    expect(asked(inWindow)).toEqual(['MOTEBEHOV:SVAR_BEHOV:sykmeldt', 'MOTEBEHOV:SVAR_BEHOV:arbeidsgiver']);
    expect(asked(inWindow, ['MOTEBEHOV'])).toEqual([]);
    expect(asked(new Date('2024-04-21T06:00:00Z'))).toEqual([]);
    expect(asked(new Date('2024-07-01T00:00:00Z'))).toEqual([]); // the window closes at the end of week 26
  });
});
