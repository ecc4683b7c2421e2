import { Injectable } from '@nestjs/common';
import { Actor, Forbidden } from '@hub/domain';
import { nameFor, tagged } from '@hub/access';
import { AuditRepository, Db } from '@hub/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { toCefLine } from './cef';

export interface AuditEntryView {
  id: number;
  at: string;
  actorId: string;
  actorRole: string;
  /** The actor's display name, when they are a party of the case now and the caller may see it (libs/access names.ts). */
  actorNavn?: string;
  action: string;
  subjectType: string;
  subjectIds: string[];
  decision: 'permit' | 'deny';
  channel: string;
}

const EXPORT_PAGE = 5000;
const EXPORT_MAX = 200_000;

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
  ) {}

  /** The sykmeldt sees every read and delivery in their case, permitted or denied. Looking is not itself logged to the same view. */
  async innsyn(actor: Actor, caseId: string, after: number, limit: number): Promise<AuditEntryView[]> {
    const { ability } = await this.access.resolve(actor, caseId);
    if (!ability.can('read', tagged('AuditEntry', { caseId }))) throw new Forbidden('Only the sykmeldt sees who read their case');
    const rows = await new AuditRepository(this.db).forCase(caseId, after, limit);
    return rows.map((e) => {
      const actorNavn = nameFor(ability, e.actorRole, e.actorId);
      return {
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorRole: e.actorRole,
        ...(actorNavn !== undefined ? { actorNavn } : {}),
        action: e.action,
        subjectType: e.subjectType,
        subjectIds: e.subjectIds,
        decision: e.decision,
        channel: e.channel,
      };
    });
  }

  async exportCef(from: Date, to: Date): Promise<string[]> {
    const repo = new AuditRepository(this.db);
    const lines: string[] = [];
    let after = 0;
    while (lines.length < EXPORT_MAX) {
      const page = await repo.range(from, to, after, EXPORT_PAGE);
      lines.push(...page.map((e) => toCefLine(e, '0.1.0')));
      if (page.length < EXPORT_PAGE) break;
      after = page[page.length - 1].id;
    }
    return lines;
  }
}
