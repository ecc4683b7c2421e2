import { Inject, Injectable } from '@nestjs/common';
import { Actor, Dialogmelding, Forbidden, handoverSummary, Thread, TrackKind, UnansweredRequest } from '@hub/domain';
import { HandoverSummaryView, tagged, TaskRecord, toHandoverSummaryView } from '@hub/access';
import { CaseRepository, Db, DialogmeldingRepository, TrackRepository } from '@hub/persistence';
import { CaseAccessService } from '../../access/case-access.service';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';

// `handoverSummary` also checks an overføringsnotat being written; here the stored one is only read (the handover
// route has its own limits), so it is given fixed valid values and only the order it computes is used.
const ORDER_ONLY = { overforingsnotat: 'ordering only', fraVeileder: 'from', tilVeileder: 'to' } as const;

/** What a veileder taking over a case reads first: the latest overføringsnotat, open tasks (overdue first), unanswered requests. */
@Injectable()
export class HandoverSummaryService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(actor: Actor, caseId: string): Promise<HandoverSummaryView> {
    const { ability, access, seats } = await this.access.resolve(actor, caseId);
    if (!ability.can('read', tagged('HandoverSummary', { caseId }))) throw new Forbidden('Only the veileder reads the handover summary');
    // The case's threads come with its access state; no need to read them again.
    const [handovers, tracks] = await Promise.all([
      new CaseRepository(this.db).handovers(caseId),
      new TrackRepository(this.db).inCase(caseId),
    ]);
    const readable = access.threads.filter((t) => ability.can('read', tagged('Thread', t)));
    const readableThreadIds = new Set(readable.map((t) => t.id));
    const latest = handovers[handovers.length - 1];
    const now = this.clock.now();
    const ordered = handoverSummary({ ...ORDER_ONLY, tracks, unansweredRequests: await this.unansweredRequests(readable), now });
    const byId = new Map<string, { task: TaskRecord; trackKind: TrackKind }>(
      tracks.flatMap((t) => t.tasks.map((task) => [task.id, { task, trackKind: t.kind }] as const)),
    );
    const view = toHandoverSummaryView(
      ability,
      latest,
      ordered.tasks.map((t) => byId.get(t.id)!),
      ordered.unansweredRequests,
      { now, seats, readableThreadIds },
    );
    await this.audit.permit(actor, { caseId, subjectType: 'HandoverSummary', subjectIds: latest ? [latest.id] : [] });
    await this.audit.permit(actor, { caseId, subjectType: 'TrackTask', subjectIds: view.tasks.map((t) => t.id) });
    return view;
  }

  /** The forespørsler to the fastlege still waiting for a svar, in the threads the veileder reads (the dialogmelding store). */
  private async unansweredRequests(threads: readonly Thread[]): Promise<UnansweredRequest[]> {
    const repo = new DialogmeldingRepository(this.db);
    const out: UnansweredRequest[] = [];
    for (const t of threads) {
      for (const d of (await repo.inThread(t.id)).filter(isWaitingForSvar)) {
        out.push({ id: d.id, tittel: t.subject, mottaker: 'fastlege', sentAt: d.sentAt!, traadId: t.id });
      }
    }
    return out;
  }
}

/**
 * A forespørsel that left (SENDT, or OK by its AppRec) and has no svar yet, however long ago: the new veileder should
 * know of it before the 504 h ubesvart mark. An AVVIST one never arrived and shows in the thread instead.
 */
function isWaitingForSvar(d: Dialogmelding): boolean {
  return (
    d.direction === 'UT' &&
    d.kind === 'FORESPORSEL' &&
    (d.status === 'SENDT' || d.status === 'OK') &&
    d.sentAt !== undefined &&
    d.besvartAt === undefined
  );
}
