import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDialogmoteOpen, NewCaseEvent, Seat } from '@hub/domain';
import { Db, DialogmoteRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../../common/clock';
import { PeriodicJob } from '../../common/periodic-job';
import { HubConfig } from '../../config/config';
import { HUB_CONFIG } from '../../config/config.module';
import { CaseEventWriter } from '../../events/case-event-writer';

const PAGE = 500;

/**
 * Marks on the møte, for the convener, an innkalling the fastlege has not answered MOTE_SVAR_FRIST_HOURS before the
 * møte (issue 21), once: the stamp and the `dialogmote.fastlege_ubesvart` event commit together, so overlapping runs
 * and nodes report each møte once. A new time clears the stamp, so the new innkalling gets its own frist.
 */
@Injectable()
export class MoteSvarFristJob extends PeriodicJob {
  private readonly log = new Logger('MoteSvarFrist');

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
    const latest = new Date(now.getTime() + this.config.moteSvarFristHours * 3_600_000);
    const reported = await this.reportEach(
      () => new DialogmoteRepository(this.db).fastlegeUbesvartCandidates(latest, PAGE),
      PAGE,
      async (c) => {
        const events = await this.events.commit(async (tx): Promise<NewCaseEvent[]> => {
          const repo = new DialogmoteRepository(tx);
          const stored = await repo.find(c.caseId, c.moteId, true);
          const m = stored?.mote;
          if (!stored || !m || !isDialogmoteOpen(m) || m.fastlegeUbesvartAt || m.svar.fastlege) return [];
          await repo.update({ ...m, fastlegeUbesvartAt: now });
          // Only the convener's seat: it is the one to act (call again, decide the time, or hold the møte without).
          const convener: Seat = m.innkaltAv === 'arbeidsgiver' ? `arbeidsgiver:${stored.orgnr}` : m.innkaltAv;
          return [
            {
              caseId: c.caseId,
              type: 'dialogmote.fastlege_ubesvart',
              threadId: null,
              refId: m.id,
              actorId: 'mote-svar-frist',
              audience: [convener],
              payload: { moteId: m.id },
              at: now,
            },
          ];
        });
        return events.length;
      },
    );
    if (reported > 0) this.log.log(`Ubesvarte innkallinger til fastlege: ${reported} marked for their convener`);
    return reported;
  }
}
