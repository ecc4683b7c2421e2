export const ROLES = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is asking: an authenticated subject with one role. `sub` is the identity provider's id, never a fødselsnummer. */
export interface Actor {
  role: Role;
  sub: string;
  /** A veileder's NAV-enhet, from the token; gives access to the enhet's cases. */
  enhet?: string;
  /** The person's display name from the token's `name` claim; shown to others only as libs/access allows. */
  name?: string;
}

export const PERSON_NAME_MAX = 200;

/** A display name as a token may carry it: trimmed, one line, 1–200 characters; anything else is no name. */
export function displayName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.replace(/\s+/g, ' ').trim();
  const control = [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  return name.length > 0 && name.length <= PERSON_NAME_MAX && !control ? name : undefined;
}
