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
    const repo = new AuditRepository(this.db);
    // What the case's open subscriptions delivered since they were last read becomes entries now, past every id this
    // reader holds, so paging on from its last id finds them (and an entry it read never changes).
    await repo.cutOpenIntervals(caseId);
    const rows = await repo.forCase(caseId, after, limit);
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

  /**
   * Every entry of the time window, as innsyn has them: audit rows, message writes and socket deliveries (derived
   * while a case lives, audit rows once retention deleted it), in id order. What open subscriptions delivered so far
   * is cut into entries first, so a delivery is in the export of the window its time falls in.
   */
  async exportCef(from: Date, to: Date): Promise<string[]> {
    const repo = new AuditRepository(this.db);
    await repo.cutAllOpenIntervals();
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
