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
}
