import { Injectable } from '@nestjs/common';
import { Actor } from '@hub/domain';
import {
  AppAbility,
  CaseAccess,
  canRead,
  defineAbility,
  permitted,
  MAX_FIELDS,
  SearchHit,
  seatsOf,
  tagged,
  toMessageView,
} from '@hub/access';
import { CaseRepository, Db, MessageRepository, SearchScope, ScopedThread } from '@hub/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';
import { SearchIndexer } from './search-indexer';

const MAX_CASES = 50;

interface Searchable {
  caseId: string;
  ability: AppAbility;
  threads: ScopedThread[];
}

@Injectable()
export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly indexer: SearchIndexer,
  ) {}

  async inCase(actor: Actor, caseId: string, q: string, limit: number): Promise<SearchHit[]> {
    const { access, ability } = await this.access.resolve(actor, caseId);
    const hits = await this.search(actor, [searchable(actor, access, ability, 0)], q, limit);
    // A search in a case that finds nothing is still a read of that case.
    if (hits.length === 0) await this.audit.permit(actor, { caseId, subjectType: 'Message', subjectIds: [], action: 'search' });
    return hits;
  }

  /**
   * The caller's cases and their access in one query, then one search over all of them: the cost does not grow
   * with a query per case, and the audit has a row per case with hits, not one per case looked at.
   */
  async acrossCases(actor: Actor, q: string, limit: number): Promise<SearchHit[]> {
    const states = await new CaseRepository(this.db).accessStatesForParty(actor.role, actor.sub, actor.enhet, MAX_CASES);
    const cases = states.flatMap((access, rank) => {
      const seats = seatsOf(actor, access);
      return seats.length > 0 ? [searchable(actor, access, defineAbility(seats, access, actor.sub), rank)] : [];
    });
    return this.search(actor, cases, q, limit);
  }

  /**
   * Only the search vectors of fields each case's audience may see are matched, so a diagnosis term searched by an
   * arbeidsgiver matches nothing, and no count or snippet hints otherwise.
   */
  private async search(actor: Actor, cases: readonly Searchable[], q: string, limit: number): Promise<SearchHit[]> {
    const byCase = new Map(cases.map((c) => [c.caseId, c]));
    // The index trails the write: what is still queued is indexed first, so every committed message can be found.
    await this.indexer.catchUp();
    const found = (
      await new MessageRepository(this.db).searchThreads(
        cases.flatMap((c) => c.threads),
        q,
        limit,
      )
    ).filter((m) => {
      const c = byCase.get(m.caseId);
      return c !== undefined && canRead(c.ability, 'Message', m);
    });
    const hitIds = new Map<string, string[]>();
    for (const m of found) hitIds.set(m.caseId, [...(hitIds.get(m.caseId) ?? []), m.id]);
    await Promise.all(
      [...hitIds].map(([caseId, subjectIds]) => this.audit.permit(actor, { caseId, subjectType: 'Message', subjectIds, action: 'search' })),
    );
    return found.map((m) => ({ caseId: m.caseId, message: toMessageView(byCase.get(m.caseId)!.ability, actor.role, m) }));
  }
}

/** The threads of a case the actor may read, each with the search vectors of the fields they may see there. */
function searchable(actor: Actor, access: CaseAccess, ability: AppAbility, rank: number): Searchable {
  const caseId = access.case.id;
  const threadIds = access.threads
    .filter((t) => ability.can('read', tagged('Thread', { caseId, participants: t.participants })))
    .map((t) => t.id);
  if (threadIds.length === 0) return { caseId, ability, threads: [] };
  const probe = { caseId, threadId: threadIds[0], senderId: '' };
  const fields = permitted(ability, 'Message', probe, MAX_FIELDS.Message[actor.role]);
  const scope: SearchScope = {
    open: fields.has('tekst'),
    funksjonsevne: fields.has('funksjonsevne'),
    medical: fields.has('diagnose') && fields.has('medisinskVurdering'),
  };
  return { caseId, ability, threads: threadIds.map((threadId) => ({ threadId, scope, rank })) };
}
