import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDialogmeldingUbesvart } from '@hub/domain';
import { Db, DialogmeldingRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { CaseEventWriter } from '../events/case-event-writer';
import { PeriodicJob } from '../common/periodic-job';

const PAGE = 500;

/**
 * Finds forespørsler unanswered FORESPORSEL_DEADLINE_HOURS after they were sent (default 504 h, DOMAIN.md) and tells
 * the veileder with a `dialogmelding.ubesvart` event, once: the stamp and the event commit together, so overlapping
 * runs or hub nodes report each one only once. The påminnelse itself is the veileder's one action.
 */
@Injectable()
export class UbesvartJob extends PeriodicJob {
  private readonly log = new Logger('DialogmeldingUbesvart');

  constructor(
    private readonly db: Db,
    private readonly events: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.dialogmelding.jobIntervalSeconds;
  }

  protected async run(): Promise<number> {
    const now = this.clock.now();
    const hours = this.config.forespørselDeadlineHours;
    const cutoff = new Date(now.getTime() - hours * 3_600_000);
    const reported = await this.reportEach(
      () => new DialogmeldingRepository(this.db).ubesvartCandidates(cutoff, PAGE),
      PAGE,
      async (f) => {
        if (!isDialogmeldingUbesvart(f, now, hours)) return 0;
        const events = await this.events.commit(async (tx) => {
          const repo = new DialogmeldingRepository(tx);
          await repo.lockNextSeq(f.caseId); // the case row first, as every writer takes it
          if (!(await repo.markUbesvart(f.id, now))) return [];
          return [
            {
              caseId: f.caseId,
              type: 'dialogmelding.ubesvart',
              threadId: null,
              refId: f.id,
              actorId: 'dialogmelding-ubesvart',
              audience: ['veileder'],
              payload: { dialogmeldingId: f.id, threadId: f.threadId },
              at: now,
            },
          ];
        });
        return events.length;
      },
    );
    if (reported > 0) this.log.log(`Ubesvarte forespørsler: ${reported} reported to their veileder`);
    return reported;
  }
}
