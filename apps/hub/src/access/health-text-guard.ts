import { Injectable } from '@nestjs/common';
import { Actor, detectHealthText, HealthTextFinding, HealthTextRefused, warmHealthLexicon } from '@hub/domain';
import { AuditChannel } from '@hub/persistence';
import { AuditService } from '../audit/audit.service';

/** The body field by which an author confirms that the sykmeldt agreed to share what the guard found. */
export const HEALTH_CONFIRM_FIELD = 'helseopplysningerBekreftet';

/** One open-text field of a write, named as in the request body. */
export interface OpenText {
  field: string;
  text: string | undefined;
}

export type GuardOutcome = 'clean' | 'confirmed';

/**
 * Issue 19: the server masks classified fields but cannot mask what a person types. Every write of open text that an
 * arbeidsgiver seat would read passes here first. Text that looks like health information is refused (health_text,
 * 422, with the spans) unless the author confirms that the sykmeldt agreed; a confirmed write is audited by the
 * caller once it has an id, so the sykmeldt sees it in innsyn. Detection runs first and is cheap, so a clean text
 * (nearly every message) never asks who reads it.
 */
@Injectable()
export class HealthTextGuard {
  constructor(private readonly audit: AuditService) {
    warmHealthLexicon();
  }

  /**
   * Throws HealthTextRefused for unconfirmed findings in fields that reach an arbeidsgiver; 'confirmed' means the
   * write goes ahead on the author's confirmation and must be audited with `confirmed()`.
   */
  check(texts: readonly OpenText[], reachesArbeidsgiver: (field: string) => boolean, confirmation: boolean | undefined): GuardOutcome {
    const findings: HealthTextFinding[] = [];
    const reach = new Map<string, boolean>();
    for (const { field, text } of texts) {
      if (!text) continue;
      const { health } = detectHealthText(text);
      if (health.length === 0) continue;
      if (!reach.has(field)) reach.set(field, reachesArbeidsgiver(field));
      if (!reach.get(field)) continue;
      for (const h of health) findings.push({ field, category: h.category, start: h.start, end: h.end });
    }
    if (findings.length === 0) return 'clean';
    if (confirmation !== true) throw new HealthTextRefused(findings, HEALTH_CONFIRM_FIELD);
    return 'confirmed';
  }

  /** Records that the author confirmed the sykmeldt's agreement: who, where and when, never the text. */
  confirmed(actor: Actor, caseId: string, subjectType: string, subjectId: string, channel: AuditChannel = 'rest'): Promise<void> {
    return this.audit.record(actor, { caseId, subjectType, subjectIds: [subjectId], action: 'health_text_confirmed', channel }, 'permit');
  }
}
