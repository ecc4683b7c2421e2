import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDueForDeletion, Oppfolgingstilfelle, SYKEPENGEAAR_WEEKS } from '@hub/domain';
import { AuditRepository, calendarDay, Db, RetentionCandidate, RetentionRepository, VarselRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../../common/clock';
import { HubConfig } from '../../config/config';
import { HUB_CONFIG } from '../../config/config.module';
import { PeriodicJob } from '../../common/periodic-job';

const PAGE = 200;

/**
 * Deletes every case whose sykepengeår ended at least RETENTION_DAYS ago (DOMAIN.md: data is kept only as long as
 * needed), with all its content, in one transaction per case. The audit log stays, with fødselsnummer-shaped values
 * removed, and gains a row recording the deletion. Logs counts only.
 */
@Injectable()
export class RetentionJob extends PeriodicJob {
  private readonly log = new Logger('Retention');

  constructor(
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.jobs.retentionIntervalSeconds;
  }

  protected async run(): Promise<number> {
    const now = this.clock.now();
    const days = this.config.retentionDays;
    let deleted = 0;
    let failed = 0;
    const skipped = new Set<string>();
    for (;;) {
      const page = (await new RetentionRepository(this.db).candidates(now, SYKEPENGEAAR_WEEKS * 7, days, PAGE + skipped.size)).filter(
        (c) => !skipped.has(c.caseId),
      );
      if (page.length === 0) break;
      for (const c of page) {
        try {
          if (await this.deleteIfDue(c.caseId, now, days)) deleted++;
          else skipped.add(c.caseId);
        } catch (e) {
          // E.g. a table that references cases without ON DELETE CASCADE: that case stays whole, the others go on.
          // Only the PostgreSQL error code is logged: a message could quote row values.
          this.log.warn(`Retention: a case could not be deleted (${pgCode(e)})`);
          skipped.add(c.caseId);
          failed++;
        }
      }
    }
    if (deleted > 0 || failed > 0) this.log.log(`Retention: ${deleted} case(s) deleted, ${failed} failed`);
    return deleted;
  }

  private async deleteIfDue(caseId: string, now: Date, days: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const repo = new RetentionRepository(tx);
      const c = await repo.lockForDeletion(caseId);
      // The domain rule decides; the SQL only preselected (and the sluttdato may have moved since).
      if (!c || !isDueForDeletion(tilfelleOf(c), now, days)) return false;
      await repo.forgetNamesOnlyIn(caseId);
      // Socket deliveries and message writes are derived from the event log and the messages: written out as audit
      // rows before those go.
      await new AuditRepository(tx).materializeDerived(caseId);
      await new VarselRepository(tx).forgetCauses(caseId);
      await repo.deleteCase(caseId);
      await repo.scrubAudit(caseId);
      await repo.auditDeletion(caseId, now);
      return true;
    });
  }
}

function tilfelleOf(c: RetentionCandidate): Oppfolgingstilfelle {
  return { forsteSykedag: calendarDay(c.startDate), ...(c.sluttdato ? { sluttdato: calendarDay(c.sluttdato) } : {}) };
}

function pgCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown';
}
