import { randomInt, randomUUID } from 'node:crypto';
import { isValidOrgnr, withControlDigits } from '@hub/domain';

/** A synthetic fødselsnummer with valid control digits (day + 40 marks it as synthetic, as in NAV's test data). */
export function syntheticFnr(): string {
  for (;;) {
    const day = String(randomInt(1, 29) + 40).padStart(2, '0');
    const month = String(randomInt(1, 13)).padStart(2, '0');
    const year = String(randomInt(50, 100)).padStart(2, '0');
    const fnr = withControlDigits(`${day}${month}${year}${String(randomInt(0, 500)).padStart(3, '0')}`);
    if (fnr) return fnr;
  }
}

export function syntheticOrgnr(): string {
  for (;;) {
    const candidate = `9${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    if (isValidOrgnr(candidate)) return candidate;
  }
}

export function shortId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
