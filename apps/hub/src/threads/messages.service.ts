import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, Attachment, changedContent, Conflict, Forbidden, Message, MessageContent, NotFound, redact, Seat } from '@hub/domain';
import {
  assertMayWrite,
  MessagePage,
  MessageVersionView,
  MessageView,
  reachesArbeidsgiver,
  tagged,
  toMessageVersionViews,
  toMessageView,
} from '@hub/access';
import { AuditChannel, Db, FileRepository, MessageRepository } from '@hub/persistence';
import { AuditedReader } from '../access/audited-reader';
import { ResolvedAccess } from '../access/case-access.service';
import { HealthTextGuard } from '../access/health-text-guard';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { pendingAttachments } from '../files/pending-attachments';
import { CaseEventWriter } from '../events/case-event-writer';
import { EditMessageDto, MessageContentDto, SendMessageDto } from './dto/send-message.dto';
import { MessageWriter } from './message-writer';
import { ThreadsService } from './threads.service';

export interface SendResult {
  view: MessageView;
  created: boolean;
}

function content(dto: MessageContentDto): Partial<MessageContent> {
  const c: Partial<MessageContent> = {};
  if (dto.tekst !== undefined) c.tekst = dto.tekst;
  if (dto.funksjonsevne !== undefined) c.funksjonsevne = dto.funksjonsevne;
  if (dto.diagnose !== undefined) c.diagnose = dto.diagnose.map((d) => ({ system: d.system, kode: d.kode, tekst: d.tekst }));
  if (dto.medisinskVurdering !== undefined) c.medisinskVurdering = dto.medisinskVurdering;
  return c;
}

function sameAttachment(a: Attachment, b: Attachment): boolean {
  return a.filename === b.filename && a.mimeType === b.mimeType && a.sizeBytes === b.sizeBytes && a.classification === b.classification;
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly db: Db,
    private readonly threads: ThreadsService,
    private readonly writer: MessageWriter,
    private readonly events: CaseEventWriter,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * Stores the message (group commit) and answers with it as the sender sees it; a repeated clientTxnId gives the first
   * result. `known` is access the caller holds already (the fan-out's, for a subscribed socket): the write re-checks
   * the seat under the case lock, so a cache that lags an ended relation still stores nothing. `receivedAt`
   * (performance.now()) starts the write deadline: a send not written in time is answered `busy` and never stored.
   */
  async send(
    actor: Actor,
    caseId: string,
    threadId: string,
    dto: SendMessageDto,
    channel: AuditChannel = 'rest',
    known?: ResolvedAccess,
    receivedAt = performance.now(),
  ): Promise<SendResult> {
    const { thread, resolved } = await this.threads.readable(actor, caseId, threadId, known);
    const senderSeat = resolved.seats.find((s) => thread.participants.includes(s)) as Seat;
    const c = content(dto);
    const target = { caseId, threadId, senderId: actor.sub };
    if (!resolved.ability.can('create', tagged('Message', target))) throw new Forbidden();
    if (dto.attachments?.length) {
      // A repeated send answers with the first result, whose files are no longer pending.
      const [prior] = await new MessageRepository(this.db).findByClientTxn([{ senderId: actor.sub, clientTxnId: dto.clientTxnId }]);
      if (prior) {
        if (prior.threadId !== threadId) throw new Conflict('clientTxnId was already used for another message');
        return { view: toMessageView(resolved.ability, actor.role, prior), created: false };
      }
      const sender = { senderId: actor.sub, caseId, threadId, now: this.clock.now() };
      c.attachments = await pendingAttachments(
        this.db,
        this.config.files,
        sender,
        dto.attachments.map((a) => a.fileId),
      );
    }
    assertMayWrite(resolved.ability, 'create', target, c);
    const guard = this.healthText.check(
      [{ field: 'tekst', text: dto.tekst }],
      (f) => reachesArbeidsgiver(resolved.access, 'Message', target, f),
      dto.helseopplysningerBekreftet,
    );
    const message: Message = {
      id: randomUUID(),
      caseId,
      threadId,
      seq: 0,
      senderId: actor.sub,
      senderRole: actor.role,
      senderSeat,
      clientTxnId: dto.clientTxnId,
      tekst: dto.tekst,
      funksjonsevne: c.funksjonsevne,
      diagnose: c.diagnose,
      medisinskVurdering: c.medisinskVurdering,
      attachments: c.attachments ?? [],
      version: 1,
      sentAt: this.clock.now(),
    };
    const { message: stored, created } = await this.writer.write(message, actor, channel, receivedAt);
    if (stored.threadId !== threadId) throw new Conflict('clientTxnId was already used for another message');
    if (guard === 'confirmed' && created) await this.healthText.confirmed(actor, caseId, 'Message', stored.id, channel);
    return { view: toMessageView(resolved.ability, actor.role, stored), created };
  }

  async page(
    actor: Actor,
    caseId: string,
    threadId: string,
    order: 'asc' | 'desc',
    cursor: number | undefined,
    limit: number,
  ): Promise<MessagePage> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    let nextCursor: number | null = null;
    const messages = await this.reader.read(
      actor,
      caseId,
      {
        subject: 'Message',
        load: async () => {
          // One row past the page tells whether another page follows; the cursor moves past rows this caller may not see.
          const rows = await new MessageRepository(this.db).page(threadId, order, cursor, limit + 1);
          if (rows.length > limit) nextCursor = rows[limit - 1].seq;
          return rows.slice(0, limit);
        },
        id: (m) => m.id,
        view: (m) => toMessageView(resolved.ability, actor.role, m),
      },
      resolved,
    );
    return { messages, nextCursor };
  }

  async edit(actor: Actor, caseId: string, threadId: string, messageId: string, dto: EditMessageDto): Promise<MessageView> {
    const { message, ability, access } = await this.own(actor, caseId, threadId, messageId);
    const c = content(dto);
    if (Object.keys(c).length === 0) throw new Conflict('Nothing to change');
    assertMayWrite(ability, 'update', message, c);
    if (c.tekst !== undefined && c.tekst.length === 0) throw new Conflict('A message keeps its text; retract it instead');
    // An attachment sent again unchanged keeps its id, so an edit elsewhere does not look like a new attachment.
    if (c.attachments) c.attachments = c.attachments.map((a) => message.attachments.find((o) => sameAttachment(o, a)) ?? a);
    const guard = this.healthText.check(
      [{ field: 'tekst', text: c.tekst }],
      (f) => reachesArbeidsgiver(access, 'Message', message, f),
      dto.helseopplysningerBekreftet,
    );
    const now = this.clock.now();
    const version = message.version + 1;
    const changed = changedContent(message, { ...message, ...c });
    const next: Message = { ...message, ...c, version, editedAt: now, edits: [...(message.edits ?? []), { version, at: now, changed }] };
    await this.events.commit(
      async (tx) => {
        const repo = new MessageRepository(tx);
        await repo.update(next);
        // The send wrote no version row (version 1 is the message as sent): the first edit writes it, then its own.
        await repo.insertVersions([
          ...(message.version === 1 ? [{ ...message, messageId: message.id, createdAt: message.sentAt }] : []),
          { ...next, messageId: next.id, createdAt: now },
        ]);
        return [
          {
            caseId,
            type: 'message.edited',
            threadId,
            refId: messageId,
            actorId: actor.sub,
            audience: null,
            payload: { version: next.version },
            at: now,
          },
        ];
      },
      [next],
    );
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'Message', messageId);
    return toMessageView(ability, actor.role, next);
  }

  /** Retraction by the author: the message keeps its place as a tombstone; every version's content is deleted. */
  async retract(actor: Actor, caseId: string, threadId: string, messageId: string): Promise<MessageView> {
    const { message, ability } = await this.own(actor, caseId, threadId, messageId);
    const now = this.clock.now();
    const tomb = redact(message, now);
    await this.events.commit(
      async (tx) => {
        const repo = new MessageRepository(tx);
        await repo.update(tomb);
        await repo.deleteVersions(messageId);
        await new FileRepository(tx).deleteOfMessage(messageId);
        return [{ caseId, type: 'message.redacted', threadId, refId: messageId, actorId: actor.sub, audience: null, payload: {}, at: now }];
      },
      [tomb],
    );
    return toMessageView(ability, actor.role, tomb);
  }

  async versions(actor: Actor, caseId: string, threadId: string, messageId: string): Promise<MessageVersionView[]> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const repo = new MessageRepository(this.db);
    const message = await repo.find(caseId, messageId);
    if (!message || message.threadId !== threadId || !resolved.ability.can('read', tagged('Message', message))) throw new NotFound();
    const stored = await repo.versions(messageId);
    // Never edited: its one version is the message as sent (no row was written for it). Retracted: none is left.
    const versions =
      stored.length === 0 && !message.redactedAt ? [{ ...message, messageId: message.id, createdAt: message.sentAt }] : stored;
    await this.audit.permit(actor, { caseId, subjectType: 'MessageVersion', subjectIds: [messageId] });
    return toMessageVersionViews(resolved.ability, actor.role, message, versions);
  }

  private async own(actor: Actor, caseId: string, threadId: string, messageId: string) {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const message = await new MessageRepository(this.db).find(caseId, messageId);
    if (!message || message.threadId !== threadId || !resolved.ability.can('read', tagged('Message', message))) throw new NotFound();
    if (!resolved.ability.can('update', tagged('Message', message))) throw new Forbidden('Only the author changes a message');
    if (message.redactedAt) throw new Conflict('The message has been retracted');
    return { message, ability: resolved.ability, access: resolved.access };
  }
}
