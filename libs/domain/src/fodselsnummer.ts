const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Eleven digits: the shape of a fødselsnummer (or D-nummer). Every check and scrub of one builds on this pattern. */
export const FNR_DIGITS = '[0-9]{11}';
/** A value that is exactly fødselsnummer-shaped (PostgreSQL's `~` takes the same source). */
export const FNR_EXACT = `^${FNR_DIGITS}$`;
/** Fødselsnummer-shaped runs inside text: eleven digits, not part of a longer run of digits. */
export const FNR_IN_TEXT = new RegExp(`(?<![0-9])${FNR_DIGITS}(?![0-9])`, 'g');
const EXACT = new RegExp(FNR_EXACT);

function controlDigit(digits: readonly number[], weights: readonly number[]): number {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k;
}

/**
 * True when `value` is 11 digits whose two mod-11 control digits hold (fødselsnummer, D-nummer and
 * synthetic test numbers alike; the date part is not checked, as synthetic numbers shift it).
 */
export function isValidFodselsnummer(value: string): boolean {
  if (!EXACT.test(value)) return false;
  const d = [...value].map(Number);
  const k1 = controlDigit(d, W1);
  if (k1 === 10 || k1 !== d[9]) return false;
  const k2 = controlDigit(d, W2);
  return k2 !== 10 && k2 === d[10];
}

/** Completes 9 leading digits with valid control digits, or null when no valid number exists for them. */
export function withControlDigits(first9: string): string | null {
  if (!/^\d{9}$/.test(first9)) return null;
  const d = [...first9].map(Number);
  const k1 = controlDigit(d, W1);
  if (k1 === 10) return null;
  const k2 = controlDigit([...d, k1], W2);
  if (k2 === 10) return null;
  return `${first9}${k1}${k2}`;
}

/** For logs and exports: keeps the birth date's day and month, hides the rest. */
export function maskFodselsnummer(value: string): string {
  return value.length === 11 ? `${value.slice(0, 4)}*******` : '***********';
}
