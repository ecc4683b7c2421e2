import { Invalid } from '../errors';

/** Trims and refuses an empty or too long text with a 400 naming the field; returns the trimmed text. */
export function requireText(field: string, value: string | undefined | null, max: number): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0) throw new Invalid(field, 'required');
  if (trimmed.length > max) throw new Invalid(field, 'maxLength');
  return trimmed;
}

/** Trims an optional text; blank becomes undefined, too long is refused naming the field. */
export function optionalText(field: string, value: string | undefined | null, max: number): string | undefined {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0) return undefined;
  if (trimmed.length > max) throw new Invalid(field, 'maxLength');
  return trimmed;
}
