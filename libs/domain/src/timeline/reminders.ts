import type { Role } from '../roles';
import { isWithinWindow, svarBehovWindow } from '../followup/sykefravaer-uke';
import type { MilestoneKey, TimelineInput } from './milestones';
import { timeline } from './milestones';

/** SVAR_BEHOV: NAV's question to the sykmeldt and the leder whether a dialogmøte is needed, sent when its window opens. */
export type ReminderKind = 'DUE_SOON' | 'OVERDUE' | 'SVAR_BEHOV';

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
  return [...out, ...svarBehovQuestions(input, sent)];
}

/** The parties NAV asks whether a dialogmøte is needed (SVAR_BEHOV, syfomotebehov's "svar behov" varsel). */
export const SVAR_BEHOV_ASKED: readonly Role[] = ['sykmeldt', 'arbeidsgiver'];

/**
 * NAV's question, once per party, while its window is open and the møtebehov is not yet handled; due at the window's
 * close, the last moment to answer. A case first seen after the window closed is not asked: it cannot be answered.
 */
function svarBehovQuestions(input: ReminderInput, sent: ReadonlySet<string>): Reminder[] {
  const window = svarBehovWindow(input.forsteSykedag);
  if (!isWithinWindow(window, input.now) || input.done.includes('MOTEBEHOV')) return [];
  return SVAR_BEHOV_ASKED.map((recipient) => ({
    key: reminderKey('MOTEBEHOV', 'SVAR_BEHOV', recipient),
    milestone: 'MOTEBEHOV' as const,
    kind: 'SVAR_BEHOV' as const,
    recipient,
    dueAt: window.closesAt,
  })).filter((r) => !sent.has(r.key));
}
