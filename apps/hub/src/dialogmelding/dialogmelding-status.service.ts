import { Inject, Injectable, Logger } from '@nestjs/common';
import { Conflict, Dialogmelding, NotFound, receiveAppRec } from '@hub/domain';
import { IDENT_TYPE, InboundAppRec } from '@hub/dialogmelding';
import { AuditRepository, Db, DialogmeldingRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { CaseEventWriter } from '../events/case-event-writer';
import { FilesService } from '../files/files.service';
import { MetricsService } from '../metrics/metrics.service';
import { msgHeadOf } from './msg-head';

export interface OutboxItem {
  id: string;
  msgId: string;
  kind: string;
  createdAt: string;
  /** The MsgHead document to deliver. */
  xml: string;
}

export interface PublishedView {
  msgId: string;
  publishedAt: string;
}

/**
 * What the hub did with an inbound AppRec, answered 202 so the gateway counts it consumed whatever it was: matched
 * (applied, or the same verdict again), unmatched (it quotes no MsgId the hub sent) or ignored (why in `reason`).
 * An AppRec is never answered with an AppRec.
 */
export type AppRecReceipt =
  { outcome: 'matched' } | { outcome: 'unmatched' } | { outcome: 'ignored'; reason: 'malformed' | 'not-receiver' | 'contradicts' };

const GATEWAY = 'dialogmelding-gateway';
const MAX_ERROR_TEXT = 500;

/** The gateway's side of outgoing dialogmeldinger: its outbox, its pick-up stamps and the AppRecs it brings back. */
@Injectable()
export class DialogmeldingStatusService {
  private readonly log = new Logger('Dialogmelding');

  constructor(
    private readonly db: Db,
    private readonly events: CaseEventWriter,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly files: FilesService,
  ) {}

  /**
   * An AppRec for one of our outgoing dialogmeldinger, matched by OriginalMsgId: OK or AVVIST, final, told to the
   * veileder. Only the receiver of that dialogmelding (the fastlege HER-id it was sent to) may answer it; from anyone
   * else, or contradicting the verdict already recorded, it changes nothing. The same AppRec again changes nothing.
   */
  async applyAppRec(a: InboundAppRec): Promise<AppRecReceipt> {
    const found = await new DialogmeldingRepository(this.db).findByMsgId('UT', a.original.id);
    if (!found) return this.receipt({ outcome: 'unmatched' }, 'it quotes no MsgId the hub sent');
    if (!isFromReceiver(a, found)) {
      // Only our own ids are logged: what the AppRec says of itself is the sender's text.
      return this.receipt(
        { outcome: 'ignored', reason: 'not-receiver' },
        `dialogmelding ${found.id}: its sender is not HER-id ${found.legeHerId ?? '(none)'}, the receiver`,
      );
    }
    try {
      await this.apply(a, found);
    } catch (e) {
      if (e instanceof Conflict)
        return this.receipt(
          { outcome: 'ignored', reason: 'contradicts' },
          `dialogmelding ${found.id}: it contradicts the verdict recorded`,
        );
      throw e;
    }
    return this.receipt({ outcome: 'matched' });
  }

  /** An AppRec the codec could not read: consumed, counted, never answered with an AppRec. */
  malformedAppRec(code: string): AppRecReceipt {
    return this.receipt({ outcome: 'ignored', reason: 'malformed' }, `it cannot be read (${code})`);
  }

  private receipt(r: AppRecReceipt, why?: string): AppRecReceipt {
    this.metrics.appRecsIn.inc({ outcome: r.outcome, reason: r.outcome === 'ignored' ? r.reason : '' });
    if (why) this.log.warn(`Inbound AppRec ${r.outcome}, changing nothing: ${why}`);
    return r;
  }

  private async apply(a: InboundAppRec, found: Dialogmelding): Promise<void> {
    const first = a.errors[0];
    const error = first && { code: first.v.slice(0, 8), text: (first.ot ?? first.dn ?? '').slice(0, MAX_ERROR_TEXT) };
    const now = this.clock.now();
    await this.events.commit(async (tx) => {
      const repo = new DialogmeldingRepository(tx);
      // The case row first, as every writer of the case takes it, so two writers never wait on each other in a circle.
      await repo.lockNextSeq(found.caseId);
      const locked = (await repo.lock(found.id)) ?? found;
      const { dialogmelding: d, change } = receiveAppRec(locked, a.status !== 'AVVIST', now, error);
      if (!change) return [];
      await repo.update(d);
      await new AuditRepository(tx).insertMany([
        {
          at: now,
          actorId: GATEWAY,
          actorRole: 'system',
          caseId: d.caseId,
          action: 'apprec',
          subjectType: 'Dialogmelding',
          subjectIds: [d.id],
          decision: 'permit',
          channel: 'dialogmelding',
        },
      ]);
      return [
        {
          caseId: d.caseId,
          type: 'dialogmelding.status_changed',
          threadId: null,
          refId: d.id,
          actorId: GATEWAY,
          audience: ['veileder'],
          payload: { dialogmeldingId: d.id, threadId: d.threadId, from: change.from, to: change.to, errorCode: d.apprecErrorCode ?? null },
          at: now,
        },
      ];
    });
  }

  /** Outgoing dialogmeldinger not yet picked up, oldest first, as MsgHead documents; each hand-over is audited. */
  async outbox(limit: number): Promise<OutboxItem[]> {
    const entries = await new DialogmeldingRepository(this.db).outbox(limit);
    const now = this.clock.now();
    const byCase = new Map<string, string[]>();
    for (const e of entries) byCase.set(e.dialogmelding.caseId, [...(byCase.get(e.dialogmelding.caseId) ?? []), e.dialogmelding.id]);
    await new AuditRepository(this.db).insertMany(
      [...byCase].map(([caseId, ids]) => ({
        at: now,
        actorId: GATEWAY,
        actorRole: 'system' as const,
        caseId,
        action: 'deliver',
        subjectType: 'Dialogmelding',
        subjectIds: ids,
        decision: 'permit' as const,
        channel: 'dialogmelding' as const,
      })),
    );
    // Outgoing kinds quote no parent, so none is loaded.
    const items: OutboxItem[] = [];
    for (const { dialogmelding: d, patientFnr, names } of entries) {
      const attachments = await this.files.contentOf(d.messageId);
      items.push({
        id: d.id,
        msgId: d.msgId,
        kind: d.kind,
        createdAt: d.createdAt.toISOString(),
        xml: msgHeadOf(d, undefined, patientFnr, this.config.dialogmelding, names, attachments),
      });
    }
    return items;
  }

  /** The gateway confirms it took a document from the outbox; repeating it keeps the first time. */
  async published(msgId: string): Promise<PublishedView> {
    const d = await new DialogmeldingRepository(this.db).markPublished(msgId, this.clock.now());
    if (!d?.publishedAt) throw new NotFound();
    return { msgId: d.msgId, publishedAt: d.publishedAt.toISOString() };
  }
}

/** The AppRec names, as its institution or person, the HER-id the dialogmelding was sent to. */
function isFromReceiver(a: InboundAppRec, d: Dialogmelding): boolean {
  if (d.legeHerId === undefined || d.legeHerId === '') return false;
  const idents = [...(a.sender?.institution?.idents ?? []), ...(a.sender?.person?.idents ?? [])];
  return idents.some((i) => i.type.v.toUpperCase() === IDENT_TYPE.HER && i.id.trim() === d.legeHerId);
}
