import { Inject, Injectable } from '@nestjs/common';
import { Actor, deletionDueAt, Forbidden, NewCaseEvent, sykepengeaarEndsAt } from '@hub/domain';
import { RetentionView, tagged, toRetentionView } from '@hub/access';
import { calendarDay, Db, RetentionRepository } from '@hub/persistence';
import { CaseAccessService } from '../../access/case-access.service';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { HubConfig } from '../../config/config';
import { HUB_CONFIG } from '../../config/config.module';
import { CaseEventWriter } from '../../events/case-event-writer';
import { readersOf } from '../timeline/seat-audience';

/** When a case's content is deleted: the end of its sykepengeår (sluttdato or week 52) plus RETENTION_DAYS. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly writer: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async get(actor: Actor, caseId: string): Promise<RetentionView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    if (!ability.can('read', tagged('Retention', { caseId })))
      throw new Forbidden('Only the sykmeldt and the veileder see when the case is deleted');
    const sluttdato = await new RetentionRepository(this.db).sluttdato(caseId);
    await this.audit.permit(actor, { caseId, subjectType: 'Retention', subjectIds: [caseId] });
    return this.view(access.case.startDate, sluttdato);
  }

  /** The veileder sets the last sick day; it moves the end of the sykepengeår, earlier or later (libs/domain retention). */
  async setSluttdato(actor: Actor, caseId: string, sluttdato: string): Promise<RetentionView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    if (!ability.can('update', tagged('Retention', { caseId }))) throw new Forbidden('Only the veileder sets the sluttdato');
    const view = this.view(access.case.startDate, sluttdato);
    const now = this.clock.now();
    const audience = readersOf(this.access, access, 'Retention', { caseId });
    await this.writer.commit(async (tx) => {
      await new RetentionRepository(tx).setSluttdato({ caseId, sluttdato, setBy: actor.sub, setAt: now });
      const event: NewCaseEvent = {
        caseId,
        type: 'case.sluttdato_set',
        threadId: null,
        refId: null,
        actorId: actor.sub,
        audience,
        payload: { sluttdato },
        at: now,
      };
      return [event];
    });
    return view;
  }

  /** Runs the domain rules, so a sluttdato before the første sykedag is refused (400, `sluttdato`) before anything is written. */
  private view(startDate: string, sluttdato: string | undefined): RetentionView {
    const tilfelle = { forsteSykedag: calendarDay(startDate), ...(sluttdato ? { sluttdato: calendarDay(sluttdato) } : {}) };
    return toRetentionView(startDate, sluttdato, sykepengeaarEndsAt(tilfelle), deletionDueAt(tilfelle, this.config.retentionDays));
  }
}
