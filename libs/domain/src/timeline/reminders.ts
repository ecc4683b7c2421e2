import { Role } from '../roles';
import { MilestoneKey, timeline, TimelineInput } from './milestones';

export type ReminderKind = 'DUE_SOON' | 'OVERDUE';

/** Stable per milestone, kind and recipient: the job stores it once sent, so each reminder goes out once. */
export type ReminderKey = `${MilestoneKey}:${ReminderKind}:${Role}`;

export interface Reminder {
  key: ReminderKey;
  milestone: MilestoneKey;
  kind: ReminderKind;
  recipient: Role;
  dueAt: Date;
}

export interface ReminderInput extends TimelineInput {
  sent: readonly ReminderKey[];
}

export function reminderKey(milestone: MilestoneKey, kind: ReminderKind, recipient: Role): ReminderKey {
  return `${milestone}:${kind}:${recipient}`;
}

/**
 * Reminders due at `now` that were not sent yet, one per role that must act. A milestone that is done gets none, and
 * once it is overdue only the OVERDUE reminder is due: a "due soon" sent after the deadline would mislead
 * (seeds/003: missing reminders were the problem, wrong ones would be a new one).
 */
export function dueReminders(input: ReminderInput): Reminder[] {
  const sent = new Set<string>(input.sent);
  const out: Reminder[] = [];
  for (const m of timeline(input)) {
    let kind: ReminderKind;
    switch (m.status) {
      case 'DONE':
      case 'UPCOMING':
        continue;
      case 'DUE_SOON':
        kind = 'DUE_SOON';
        break;
      case 'OVERDUE':
        kind = 'OVERDUE';
        break;
      default: {
        const unknown: never = m.status;
        throw new Error(`Unhandled milestone status ${String(unknown)}`);
      }
    }
    for (const recipient of m.mustAct) {
      const key = reminderKey(m.key, kind, recipient);
      if (!sent.has(key)) out.push({ key, milestone: m.key, kind, recipient, dueAt: m.dueAt });
    }
  }
  return out;
}
