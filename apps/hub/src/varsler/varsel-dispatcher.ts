import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { varselBackoffMs, varselCause, varselRecipients, VarselKind } from '@hub/domain';
import { AuditRepository, Db, NewVarselItem, VarselRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { PeriodicJob } from '../common/periodic-job';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { DeliveryFailed, VarselChannels } from './varsel-channels';

/** Cause rows (one per writing statement: a group-commit batch's messages, say) planned per transaction. */
const CAUSE_ROWS_PER_TX = 50;
const PER_STEP = 100;
/** A claimed delivery is the claiming node's for this long; a node that dies mid-send leaves it to another after it. */
const LEASE_SECONDS = 120;

const kindLabel = (kinds: readonly VarselKind[]): string => (new Set(kinds).size === 1 ? kinds[0] : 'flere');

/**
 * Plans, releases, settles and sends varsler. Every step claims its rows with FOR UPDATE SKIP LOCKED (deliveries with a
 * lease), so two hub nodes running it at once share the rows and send each delivery once. Off (timer 0) leaves the
 * causes queued; nothing is lost, only later.
 */
@Injectable()
export class VarselDispatcher extends PeriodicJob {
  private readonly log = new Logger('Varsler');

  constructor(
    private readonly db: Db,
    private readonly channels: VarselChannels,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    super();
  }

  override onApplicationBootstrap(): void {
    const on = this.channels.enabled();
    this.log.log(
      on.length === 0
        ? 'Varsler: no SMTP server or webhook configured (VARSEL_SMTP_URL, VARSEL_WEBHOOK_URL); varsler show in the page only'
        : `Varsler: sending by ${on.join(' and ')}`,
    );
    super.onApplicationBootstrap();
  }

  protected intervalSeconds(): number {
    return this.config.varsel.jobIntervalSeconds;
  }

  protected async run(): Promise<number> {
    while ((await this.plan()) > 0);
    while ((await this.release()) === PER_STEP);
    while ((await this.settle()) >= PER_STEP);
    let sent = 0;
    for (;;) {
      const { claimed, done } = await this.deliver();
      sent += done;
      if (claimed === 0) return sent;
    }
  }

  /** Committed causes to items of each recipient's collecting varsel, in one transaction per batch of causes. */
  private async plan(): Promise<number> {
    const now = this.clock.now();
    const windowMs = this.config.varsel.windowSeconds * 1000;
    return this.db.transaction(async (tx) => {
      const repo = new VarselRepository(tx);
      const causes = await repo.claimCauses(CAUSE_ROWS_PER_TX);
      const live = causes.filter((c) => c.type !== null);
      const threads = await repo.threadSeats([...new Set(live.flatMap((c) => (c.threadId ? [c.threadId] : [])))]);
      const relations = await repo.activeRelations([...new Set(live.map((c) => c.caseId))]);
      const moteMessages = await repo.moteDialogmeldingMessages(
        live.flatMap((c) => (c.type === 'message.created' && c.refId ? [c.refId] : [])),
      );
      const items: { item: NewVarselItem; newId: string; dueAt: Date }[] = [];
      for (const c of live) {
        const fastlegeHerId = (relations.get(c.caseId) ?? []).some((r) => r.role === 'fastlege' && r.herId !== null);
        const cause = varselCause(
          { ...c, type: c.type as Parameters<typeof varselCause>[0]['type'] },
          c.threadId ? (threads.get(c.threadId) ?? []) : [],
          { fastlegeHerId, moteMessages },
        );
        if (!cause) continue;
        for (const r of varselRecipients(cause.seats, relations.get(c.caseId) ?? [], c.actorId)) {
          const item: NewVarselItem = {
            caseId: c.caseId,
            personId: r.personId,
            role: r.role,
            seat: r.seat,
            kind: cause.kind,
            thing: cause.thing,
            threadId: cause.threadId,
            seq: c.seq,
            at: c.at,
          };
          // The window runs from the cause, not from when this run saw it: a dispatcher that was off catches up at once.
          items.push({ item, newId: randomUUID(), dueAt: new Date(c.at.getTime() + windowMs) });
        }
      }
      await repo.addItems(items, now);
      return causes.length;
    });
  }

  private async release(): Promise<number> {
    const now = this.clock.now();
    const { released, deliveries } = await this.db.transaction((tx) =>
      new VarselRepository(tx).release(now, PER_STEP, this.channels.enabled()),
    );
    for (const d of deliveries) this.metrics.varslerCreated.inc({ kind: kindLabel(d.kinds), channel: d.channel });
    return released.length;
  }

  private async settle(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repo = new VarselRepository(tx);
      return (await repo.settle(now, PER_STEP, this.channels.withdrawing())) + (await repo.dropSettled(PER_STEP));
    });
  }

  private async deliver(): Promise<{ claimed: number; done: number }> {
    const now = this.clock.now();
    const claimed = await new VarselRepository(this.db).claimDeliveries(now, PER_STEP, LEASE_SECONDS);
    let done = 0;
    await Promise.all(
      claimed.map(async (d) => {
        const labels = { kind: kindLabel(d.kinds), channel: d.channel };
        try {
          await this.channels.send(d, now);
        } catch (e) {
          const reason = e instanceof DeliveryFailed ? e.message : 'error';
          const status = await new VarselRepository(this.db).markFailed(
            d.id,
            new Date(now.getTime() + varselBackoffMs(d.attempts + 1)),
            this.config.varsel.maxAttempts,
            reason,
          );
          this.metrics.varslerFailed.inc(labels);
          if (status === 'dead') {
            this.metrics.varslerDead.inc(labels);
            this.log.warn(`Varsel delivery ${d.id} (${d.channel}) dead after ${this.config.varsel.maxAttempts} tries: ${reason}`);
          }
          return;
        }
        const counted = await this.db.transaction(async (tx) => {
          if (!(await new VarselRepository(tx).markSent(d.id, now, this.channels.withdrawing()))) return false;
          // Innsyn: the sykmeldt sees that a varsel went to them, on which channel, and when.
          if (d.role === 'sykmeldt' && d.action === 'send') {
            await new AuditRepository(tx).insertMany([
              {
                at: now,
                actorId: 'varsel',
                actorRole: 'system',
                caseId: d.caseId,
                action: `varsel:${d.channel}`,
                subjectType: 'Varsel',
                subjectIds: [d.varselId],
                decision: 'permit',
                channel: 'varsel',
              },
            ]);
          }
          return true;
        });
        if (counted) {
          this.metrics.varslerSent.inc(labels);
          done++;
        }
      }),
    );
    return { claimed: claimed.length, done };
  }
}
