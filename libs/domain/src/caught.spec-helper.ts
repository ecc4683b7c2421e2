import { DomainError } from './errors';

/** The DomainError a rule throws, for asserting its code and fields; any other outcome fails the test. */
export function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}
