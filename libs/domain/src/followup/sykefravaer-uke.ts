import { requireDateOnly, requireWholeNumber, addDays, DAY_MS } from './dates';

/**
 * "Week N" of a sick leave, as every rule in this lib counts it: day 1 is the første sykedag, week 1 is days 1–7, and
 * the END of week N is forsteSykedag + N*7 days at 00:00, an exclusive bound (the first moment of day N*7+1).
 * "At week 16" therefore means "once 16 whole weeks have passed", the same as NAV's syfomotebehov (fom.plusDays(16*7)).
 */
export function endOfWeek(forsteSykedag: Date, week: number): Date {
  requireDateOnly('forsteSykedag', forsteSykedag);
  requireWholeNumber('week', week, 0);
  return addDays(forsteSykedag, week * 7);
}

/** The week (1-based) that `at` falls in, 0 before the første sykedag. */
export function weekOf(forsteSykedag: Date, at: Date): number {
  requireDateOnly('forsteSykedag', forsteSykedag);
  const elapsed = at.getTime() - forsteSykedag.getTime();
  return elapsed < 0 ? 0 : Math.floor(elapsed / (7 * DAY_MS)) + 1;
}

/** SVAR_BEHOV is asked at week 16 and can be answered until week 26 (DOMAIN.md, timeline). */
export const SVAR_BEHOV_FROM_WEEK = 16;
export const SVAR_BEHOV_TO_WEEK = 26;

export interface TimeWindow {
  /** inclusive */
  opensAt: Date;
  /** exclusive */
  closesAt: Date;
}

/** The SVAR_BEHOV answer window: [end of week 16, end of week 26). */
export function svarBehovWindow(forsteSykedag: Date): TimeWindow {
  return { opensAt: endOfWeek(forsteSykedag, SVAR_BEHOV_FROM_WEEK), closesAt: endOfWeek(forsteSykedag, SVAR_BEHOV_TO_WEEK) };
}

export function isWithinWindow(window: TimeWindow, at: Date): boolean {
  return at.getTime() >= window.opensAt.getTime() && at.getTime() < window.closesAt.getTime();
}
