import { Inject, Injectable } from '@nestjs/common';
import { Invalid, NotFound, receiveAppRec } from '@hub/domain';
import { InboundAppRec } from '@hub/dialogmelding';
import { AuditRepository, Db, DialogmeldingRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { CaseEventWriter } from '../events/case-event-writer';
import { FilesService } from '../files/files.service';
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

const GATEWAY = 'dialogmelding-gateway';
const MAX_ERROR_TEXT = 500;

/** The gateway's side of outgoing dialogmeldinger: its outbox, its pick-up stamps and the AppRecs it brings back. */
@Injectable()
export class DialogmeldingStatusService {
  constructor(
    private readonly db: Db,
    private readonly events: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly files: FilesService,
  ) {}

  /**
   * An AppRec for one of our outgoing dialogmeldinger, matched by OriginalMsgId: OK or AVVIST, final, told to the
   * veileder. The same AppRec again changes nothing; a contrary one is a Conflict (409).
   */
  async applyAppRec(a: InboundAppRec): Promise<void> {
    const found = await new DialogmeldingRepository(this.db).findByMsgId('UT', a.original.id);
    if (!found) throw new Invalid('OriginalMsgId', 'unknownMessage', 'The AppRec answers no dialogmelding the hub sent');
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
        { at: now, actorId: GATEWAY, actorRole: 'system', caseId: d.caseId, action: 'apprec', subjectType: 'Dialogmelding', subjectIds: [d.id], decision: 'permit', channel: 'dialogmelding' },
      ]);
      return [{
        caseId: d.caseId, type: 'dialogmelding.status_changed', threadId: null, refId: d.id, actorId: GATEWAY, audience: ['veileder'],
        payload: { dialogmeldingId: d.id, threadId: d.threadId, from: change.from, to: change.to, errorCode: d.apprecErrorCode ?? null }, at: now,
      }];
    });
  }

  /** Outgoing dialogmeldinger not yet picked up, oldest first, as MsgHead documents; each hand-over is audited. */
  async outbox(limit: number): Promise<OutboxItem[]> {
    const entries = await new DialogmeldingRepository(this.db).outbox(limit);
    const now = this.clock.now();
    const byCase = new Map<string, string[]>();
    for (const e of entries) byCase.set(e.dialogmelding.caseId, [...(byCase.get(e.dialogmelding.caseId) ?? []), e.dialogmelding.id]);
    await new AuditRepository(this.db).insertMany(
      [...byCase].map(([caseId, ids]) => ({ at: now, actorId: GATEWAY, actorRole: 'system' as const, caseId, action: 'deliver', subjectType: 'Dialogmelding', subjectIds: ids, decision: 'permit' as const, channel: 'dialogmelding' as const })),
    );
    // Outgoing kinds quote no parent, so none is loaded.
    const items: OutboxItem[] = [];
    for (const { dialogmelding: d, patientFnr } of entries) {
      const attachments = await this.files.contentOf(d.messageId);
      items.push({ id: d.id, msgId: d.msgId, kind: d.kind, createdAt: d.createdAt.toISOString(), xml: msgHeadOf(d, undefined, patientFnr, this.config.dialogmelding, attachments) });
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
