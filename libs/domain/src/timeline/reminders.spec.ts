import { MilestoneKey } from './milestones';
import { dueReminders, ReminderKey } from './reminders';

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
    // 4 for the plan (2 roles × 2 kinds), 1 for DM1, 2 each for the five veileder milestones.
    expect(sent).toHaveLength(15);
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
});
