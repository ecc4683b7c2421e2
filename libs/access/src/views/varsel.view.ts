import type { Role, VarselChannel, VarselKind } from '@hub/domain';
import { varselCaseLabel, varselText } from '@hub/domain';

/**
 * Everything a varsel may carry to any channel: its kinds, how many things wait, the case's label and a link. A
 * varsel is built from these fields only (no message, subject, sender, diagnosis or fastlege's name ever reaches it),
 * so every channel's view below is content-free by construction.
 */
export interface VarselFacts {
  varselId: string;
  caseId: string;
  role: Role;
  kinds: VarselKind[];
  count: number;
}

export interface VarselMail {
  to: string;
  subject: string;
  text: string;
}

/** The page's link for a case; `pageUrl` is the operator's VARSEL_PAGE_URL. */
export function varselLink(pageUrl: string, caseId: string): string {
  return `${pageUrl.replace(/\/$/, '')}/#/cases/${encodeURIComponent(caseId)}`;
}

export function toVarselMail(f: VarselFacts, to: string, pageUrl: string): VarselMail {
  const t = varselText(f.kinds, f.count, varselCaseLabel(f.role), varselLink(pageUrl, f.caseId));
  return { to, subject: t.subject, text: t.body };
}

/** The signed webhook's body (NAV's varsel services, Altinn, an SMS gateway): a send, or a withdrawal once seen. */
export interface VarselWebhookBody {
  id: string;
  action: 'send' | 'done';
  varselId: string;
  channel: VarselChannel;
  mottaker: { id: string; rolle: Role; telefon: string };
  kind: VarselKind | 'flere';
  antall: number;
  lenke: string;
  tekst: string;
  timestamp: string;
}

export function toVarselWebhookBody(
  f: VarselFacts,
  delivery: { id: string; action: 'send' | 'done'; channel: VarselChannel },
  personId: string,
  telefon: string,
  pageUrl: string,
  at: Date,
): VarselWebhookBody {
  const distinct = [...new Set(f.kinds)];
  const link = varselLink(pageUrl, f.caseId);
  return {
    id: delivery.id,
    action: delivery.action,
    varselId: f.varselId,
    channel: delivery.channel,
    mottaker: { id: personId, rolle: f.role, telefon },
    kind: distinct.length === 1 ? distinct[0] : 'flere',
    antall: f.count,
    lenke: link,
    tekst: varselText(f.kinds, f.count, varselCaseLabel(f.role), link).body,
    timestamp: at.toISOString(),
  };
}

/** What the page shows a person: per case, how many things wait; never what. */
export interface VarselCountView {
  caseId: string;
  antall: number;
}
