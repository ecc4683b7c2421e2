import { Invalid } from '../errors';
import { addDays, requireDate, requireDateOnly, requireWholeNumber } from '../followup/dates';
import { endOfWeek } from '../followup/sykefravaer-uke';
import type { Oppfolgingstilfelle } from '../followup/oppfolgingstilfelle';

export const SYKEPENGEAAR_WEEKS = 52;

/**
 * When the sykepengeår ends (exclusive instant): the day after a given `sluttdato` (the last sick day), otherwise the
 * end of week 52 (forsteSykedag + 364 days, see `endOfWeek`).
 * Rule: a known sluttdato wins in both directions. Earlier, because a closed case has no follow-up purpose left
 * (seeds/001: the plan may not be kept beyond the sykepengeår, GDPR purpose limitation). Later, because NAV's
 * maksdato counts 248 sykepengedager, not calendar weeks (ftrl § 8-12), so it can fall after week 52.
 */
export function sykepengeaarEndsAt(tilfelle: Oppfolgingstilfelle): Date {
  requireDateOnly('forsteSykedag', tilfelle.forsteSykedag);
  if (tilfelle.sluttdato === undefined) return endOfWeek(tilfelle.forsteSykedag, SYKEPENGEAAR_WEEKS);
  requireDateOnly('sluttdato', tilfelle.sluttdato);
  if (tilfelle.sluttdato.getTime() < tilfelle.forsteSykedag.getTime()) throw new Invalid('sluttdato', 'notBeforeForsteSykedag');
  return addDays(tilfelle.sluttdato, 1);
}

/** The instant from which the case's content is to be deleted: sykepengeår end + the configured period in days. */
export function deletionDueAt(tilfelle: Oppfolgingstilfelle, retentionPeriodDays: number): Date {
  requireWholeNumber('retentionPeriodDays', retentionPeriodDays, 0);
  return addDays(sykepengeaarEndsAt(tilfelle), retentionPeriodDays);
}

/** True from `deletionDueAt` on (inclusive), never before: the deletion job passes its clock in. */
export function isDueForDeletion(tilfelle: Oppfolgingstilfelle, now: Date, retentionPeriodDays: number): boolean {
  requireDate('now', now);
  return now.getTime() >= deletionDueAt(tilfelle, retentionPeriodDays).getTime();
}
