import { Injectable } from '@nestjs/common';
import { Actor } from '@hub/domain';
import { canRead, MessageView, permitted, MAX_FIELDS, tagged, toMessageView } from '@hub/access';
import { CaseRepository, Db, MessageRepository, SearchScope } from '@hub/persistence';
import { CaseAccessService, ResolvedAccess } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';

export interface SearchHit {
  caseId: string;
  message: MessageView;
}

const MAX_CASES = 50;

@Injectable()
export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  async inCase(actor: Actor, caseId: string, q: string, limit: number): Promise<SearchHit[]> {
    return this.search(actor, await this.access.resolve(actor, caseId), q, limit);
  }

  async acrossCases(actor: Actor, q: string, limit: number): Promise<SearchHit[]> {
    const cases = await new CaseRepository(this.db).listForParty(actor.role, actor.sub, actor.enhet, MAX_CASES);
    const hits: SearchHit[] = [];
    for (const c of cases) {
      hits.push(...(await this.search(actor, await this.access.resolve(actor, c.id), q, limit)));
      if (hits.length >= limit) break;
    }
    return hits.slice(0, limit);
  }

  /**
   * Builds the query from what the audience may see: only the search vectors of permitted fields are matched,
   * so a diagnosis term searched by an arbeidsgiver matches nothing, and no count or snippet hints otherwise.
   */
  private async search(actor: Actor, { ability, access }: ResolvedAccess, q: string, limit: number): Promise<SearchHit[]> {
    const caseId = access.case.id;
    const threadIds = access.threads.filter((t) => ability.can('read', tagged('Thread', { caseId, participants: t.participants }))).map((t) => t.id);
    if (threadIds.length === 0) return [];
    const probe = { caseId, threadId: threadIds[0], senderId: '' };
    const fields = permitted(ability, 'Message', probe, MAX_FIELDS.Message[actor.role]);
    const scope: SearchScope = { open: fields.has('tekst'), funksjonsevne: fields.has('funksjonsevne'), medical: fields.has('diagnose') && fields.has('medisinskVurdering') };
    const found = (await new MessageRepository(this.db).search(threadIds, q, scope, limit)).filter((m) => canRead(ability, 'Message', m));
    await this.audit.permit(actor, { caseId, subjectType: 'Message', subjectIds: found.map((m) => m.id), action: 'search' });
    return found.map((m) => ({ caseId, message: toMessageView(ability, actor.role, m) }));
  }
}
