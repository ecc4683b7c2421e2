import { Invalid } from '../errors';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Refuses an Invalid Date (NaN time) with a 400 naming the field, so no rule computes on NaN. */
export function requireDate(field: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Invalid(field, 'date');
  return value;
}

/**
 * Calendar days (første sykedag, sluttdato) are Dates at 00:00 UTC naming the Oslo calendar day; the hub converts
 * at the edge. Anything else is refused rather than truncated, since truncating 23:00Z would silently pick the wrong day.
 */
export function requireDateOnly(field: string, value: Date): Date {
  requireDate(field, value);
  if (value.getTime() % DAY_MS !== 0) throw new Invalid(field, 'dateOnly');
  return value;
}

/** Adds whole days in UTC, so daylight-saving changes never shift a deadline by an hour. */
export function addDays(value: Date, days: number): Date {
  return new Date(value.getTime() + days * DAY_MS);
}

export function addHours(value: Date, hours: number): Date {
  return new Date(value.getTime() + hours * HOUR_MS);
}

/** Refuses a count that is not a whole number ≥ min (periods, weeks), naming the field. */
export function requireWholeNumber(field: string, value: number, min = 0): number {
  if (!Number.isInteger(value)) throw new Invalid(field, 'integer');
  if (value < min) throw new Invalid(field, 'min');
  return value;
}
