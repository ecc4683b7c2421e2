import type { Consent, ConsentScope } from '@hub/domain';

export interface ConsentView {
  orgnr: string;
  scope: ConsentScope;
  grantedAt: string;
  revokedAt: string | null;
}

export function toConsentView(c: Consent): ConsentView {
  return { orgnr: c.orgnr, scope: c.scope, grantedAt: c.grantedAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null };
}
