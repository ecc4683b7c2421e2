import type { AppRecErrorCode } from './apprec-codes';

/**
 * Thrown inside the lib only, caught by the public functions and turned into a failure result.
 * `reason` is Norwegian then English, and never carries a fødselsnummer or free text from the message.
 */
export class Refusal extends Error {
  constructor(
    readonly code: AppRecErrorCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'Refusal';
  }
}

export function refuse(code: AppRecErrorCode, norsk: string, english: string): never {
  throw new Refusal(code, `${norsk} / ${english}`);
}

/** Values from the message go into reasons only short and printable. */
export function safe(value: string): string {
  const printable = value.replace(/[^\x20-\x7E\u00C0-\u00FF]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}...` : printable;
}
