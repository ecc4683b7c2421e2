import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  assertDialogThread,
  assertMayAnswer,
  Conflict,
  Dialogmelding,
  DialogmeldingDirection,
  DialogmeldingKind,
  directionOf,
  Forbidden,
  handToOutbox,
  isDialogmeldingUbesvart,
  markBesvart,
  Message,
  NotFound,
  Relation,
  Seat,
  stampPaminnelse,
  Thread,
} from '@hub/domain';
import { DialogmeldingView, dialogmeldingSubject, mayExportDialogmelding, tagged, toDialogmeldingView } from '@hub/access';
import { Db, DialogmeldingRepository, isUniqueViolation, MessageRepository } from '@hub/persistence';
import { AuditedReader } from '../access/audited-reader';
import { ResolvedAccess } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { ThreadsService } from '../threads/threads.service';
import { DialogmeldingTouch, DialogmeldingWriter } from './dialogmelding-writer';
import { PaminnelseDto, StartDialogmeldingDto, SvarDto } from './dto/create-dialogmelding.dto';
import { KIND_CODES, kodeFor, kodeText } from './kinds';
import { FilesService } from '../files/files.service';
import { pendingAttachments } from '../files/pending-attachments';
import { msgHeadOf } from './msg-head';

export interface SendResult {
  view: DialogmeldingView;
  /** False when the clientTxnId was used before: the first result is given back. */
  created: boolean;
}

interface Writable {
  thread: Thread;
  resolved: ResolvedAccess;
  lege: Relation & { herId: string };
  senderSeat: Seat;
}

interface Draft {
  kind: DialogmeldingKind;
  kode: string;
  tekst: string;
  clientTxnId: string;
  /** Pending uploads of the sender in the thread, named by the request; none for a påminnelse. */
  fileIds?: readonly string[];
  parent?: Dialogmelding;
  touch?: DialogmeldingTouch;
}

/**
 * Dialogmeldinger sent from inside the hub: the veileder's forespørsel, notat and påminnelse, the fastlege's svar and
 * henvendelse. Each is a message in a veileder–fastlege thread plus the dialogmelding it maps to.
 */
@Injectable()
export class DialogmeldingerService {
  constructor(
    private readonly db: Db,
    private readonly threads: ThreadsService,
    private readonly writer: DialogmeldingWriter,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly files: FilesService,
  ) {}

  /** Opens a conversation: a forespørsel or notat to the fastlege, or the fastlege's henvendelse to NAV. */
  async start(actor: Actor, caseId: string, threadId: string, dto: StartDialogmeldingDto): Promise<SendResult> {
    const ctx = await this.writable(actor, caseId, threadId, directionOf(dto.kind));
    return this.send(actor, ctx, {
      kind: dto.kind,
      kode: kodeFor(dto.kind, dto.kode),
      tekst: dto.tekst,
      clientTxnId: dto.clientTxnId,
      fileIds: fileIdsOf(dto),
    });
  }

  /** The fastlege answers a forespørsel (or its påminnelse) in the thread; the forespørsel is then besvart. */
  async svar(actor: Actor, caseId: string, threadId: string, parentId: string, dto: SvarDto): Promise<SendResult> {
    const ctx = await this.writable(actor, caseId, threadId, 'INN');
    const repeat = await this.repeated(actor, ctx, dto.clientTxnId, 'SVAR');
    if (repeat) return repeat;
    const parent = await this.readableIn(ctx.resolved, threadId, parentId);
    assertMayAnswer(parent);
    const foresporselId = parent.kind === 'PAMINNELSE' ? parent.parentId : parent.id;
    const now = this.clock.now();
    const touch = foresporselId ? { id: foresporselId, change: (f: Dialogmelding) => markBesvart(f, now) } : undefined;
    return this.send(actor, ctx, {
      kind: 'SVAR',
      kode: kodeFor('SVAR', undefined),
      tekst: dto.tekst,
      clientTxnId: dto.clientTxnId,
      fileIds: fileIdsOf(dto),
      parent,
      touch,
    });
  }

  /** One action on an ubesvart forespørsel: a påminnelse (8129 kode 2) in the same conversation. */
  async paminnelse(actor: Actor, caseId: string, threadId: string, foresporselId: string, dto: PaminnelseDto): Promise<SendResult> {
    const ctx = await this.writable(actor, caseId, threadId, 'UT');
    const repeat = await this.repeated(actor, ctx, dto.clientTxnId, 'PAMINNELSE');
    if (repeat) return repeat;
    const foresporsel = await this.readableIn(ctx.resolved, threadId, foresporselId);
    const hours = this.config.forespørselDeadlineHours;
    // Checked here for a clear 409 before anything is built, and again on the locked row inside the transaction.
    stampPaminnelse(foresporsel, this.clock.now(), hours);
    const sendt = (foresporsel.sentAt ?? foresporsel.createdAt).toISOString().slice(0, 10);
    const tekst = dto.tekst ?? `Påminnelse: NAV har ikke mottatt svar på forespørselen om pasienten sendt ${sendt}.`;
    const touch = { id: foresporsel.id, change: (f: Dialogmelding) => stampPaminnelse(f, this.clock.now(), hours) };
    return this.send(actor, ctx, {
      kind: 'PAMINNELSE',
      kode: kodeFor('PAMINNELSE', undefined),
      tekst,
      clientTxnId: dto.clientTxnId,
      parent: foresporsel,
      touch,
    });
  }

  async list(actor: Actor, caseId: string, threadId: string): Promise<DialogmeldingView[]> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    return this.reader.read(
      actor,
      caseId,
      {
        subject: 'Dialogmelding',
        load: () => new DialogmeldingRepository(this.db).inThread(threadId),
        as: dialogmeldingSubject,
        id: (d) => d.id,
        view: (d) => this.view(resolved, actor, d),
      },
      resolved,
    );
  }

  async get(actor: Actor, caseId: string, threadId: string, id: string): Promise<DialogmeldingView> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const d = await this.readableIn(resolved, threadId, id);
    await this.audit.permit(actor, { caseId, subjectType: 'Dialogmelding', subjectIds: [d.id] });
    return this.view(resolved, actor, d);
  }

  /** The dialogmelding as the MsgHead document its receiver gets (or got); for the two ends of the exchange. */
  async xml(actor: Actor, caseId: string, threadId: string, id: string): Promise<string> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const d = await this.readableIn(resolved, threadId, id);
    if (!mayExportDialogmelding(resolved.ability, actor.role, d)) throw new Forbidden('Only NAV and the fastlege export dialogmeldinger');
    const repo = new DialogmeldingRepository(this.db);
    const parent = d.parentId ? await repo.find(d.parentId) : undefined;
    const names = await repo.namesFor(d);
    await this.audit.permit(actor, { caseId, subjectType: 'Dialogmelding', subjectIds: [d.id], action: 'export', channel: 'export' });
    return msgHeadOf(
      d,
      parent,
      resolved.access.case.sykmeldtFnr,
      this.config.dialogmelding,
      names,
      await this.files.contentOf(d.messageId),
    );
  }

  private view(resolved: ResolvedAccess, actor: Actor, d: Dialogmelding): DialogmeldingView {
    const ubesvart = isDialogmeldingUbesvart(d, this.clock.now(), this.config.forespørselDeadlineHours);
    return toDialogmeldingView(resolved.ability, actor.role, d, ubesvart);
  }

  /** A dialogmelding of this thread the actor may read, or NotFound. */
  private async readableIn(resolved: ResolvedAccess, threadId: string, id: string): Promise<Dialogmelding> {
    const d = await new DialogmeldingRepository(this.db).findInThread(threadId, id);
    if (!d || !resolved.ability.can('read', tagged('Dialogmelding', dialogmeldingSubject(d)))) throw new NotFound();
    return d;
  }

  /**
   * The thread, if the actor may write this direction there: 404 when it cannot see the thread, 403 when it may not
   * write dialogmeldinger of this direction, 409 when the thread or the fastlege cannot carry one.
   */
  private async writable(actor: Actor, caseId: string, threadId: string, direction: DialogmeldingDirection): Promise<Writable> {
    const { thread, resolved } = await this.threads.readable(actor, caseId, threadId);
    if (!resolved.ability.can('create', tagged('Dialogmelding', { caseId, threadId, direction }))) {
      throw new Forbidden(direction === 'UT' ? 'Only NAV sends this dialogmelding' : 'Only the fastlege sends this dialogmelding');
    }
    assertDialogThread(thread.participants);
    const lege = resolved.access.relations.find((r) => r.role === 'fastlege');
    if (!lege?.herId) throw new Conflict("The case's fastlege has no HER-id, so a dialogmelding cannot be addressed");
    return { thread, resolved, lege: { ...lege, herId: lege.herId }, senderSeat: direction === 'UT' ? 'veileder' : 'fastlege' };
  }

  /** The first result of a repeated clientTxnId; a Conflict when it named another kind of send. */
  private async repeated(actor: Actor, ctx: Writable, clientTxnId: string, kind: DialogmeldingKind): Promise<SendResult | undefined> {
    const [m] = await new MessageRepository(this.db).findByClientTxn([{ senderId: actor.sub, clientTxnId }]);
    if (!m) return undefined;
    const d = await new DialogmeldingRepository(this.db).findByMessage(m.id);
    if (!d || d.threadId !== ctx.thread.id || d.kind !== kind) throw new Conflict('clientTxnId was already used for another message');
    return { view: this.view(ctx.resolved, actor, d), created: false };
  }

  private async send(actor: Actor, ctx: Writable, draft: Draft): Promise<SendResult> {
    const repeat = await this.repeated(actor, ctx, draft.clientTxnId, draft.kind);
    if (repeat) return repeat;
    const now = this.clock.now();
    // Resolved after the repeat check: a repeated send's files are no longer pending.
    const attachments = draft.fileIds?.length
      ? await pendingAttachments(
          this.db,
          this.config.files,
          { senderId: actor.sub, caseId: ctx.thread.caseId, threadId: ctx.thread.id, now },
          draft.fileIds,
        )
      : [];
    const direction = directionOf(draft.kind);
    const msgId = randomUUID();
    const base: Dialogmelding = {
      id: randomUUID(),
      caseId: ctx.thread.caseId,
      threadId: ctx.thread.id,
      messageId: randomUUID(),
      direction,
      kind: draft.kind,
      kodeverk: KIND_CODES[draft.kind].kodeverk,
      kode: draft.kode,
      msgId,
      // A new conversation is named by its first message's MsgId; a reply joins its parent's and points at it.
      conversationRef: draft.parent?.conversationRef ?? msgId,
      parentRef: draft.parent?.msgId,
      parentId: draft.parent?.id,
      tekst: draft.tekst,
      senderId: actor.sub,
      legeHerId: ctx.lege.herId,
      legeHprNr: ctx.lege.hprNr,
      status: direction === 'UT' ? 'BESTILT' : 'MOTTATT',
      channel: 'rest',
      createdAt: now,
      statusAt: now,
    };
    const d = direction === 'UT' ? handToOutbox(base, now) : base;
    const message: Message = {
      id: d.messageId,
      caseId: d.caseId,
      threadId: d.threadId,
      seq: 0,
      senderId: actor.sub,
      senderRole: actor.role,
      senderSeat: ctx.senderSeat,
      clientTxnId: draft.clientTxnId,
      // The open text names the kind; what was asked or answered is medical and goes in the medical field, so it
      // stays from the arbeidsgiver even if one were ever brought into the thread.
      tekst: kodeText(d.kodeverk, d.kode),
      medisinskVurdering: d.tekst,
      attachments,
      version: 1,
      sentAt: now,
    };
    try {
      await this.writer.file({
        dialogmelding: d,
        message,
        touch: draft.touch,
        participants: ctx.thread.participants,
        actor: { id: actor.sub, role: actor.role },
        channel: 'rest',
      });
    } catch (e) {
      // The same clientTxnId sent twice at once: the other request stored it, so this one answers with that.
      if (isUniqueViolation(e)) {
        const raced = await this.repeated(actor, ctx, draft.clientTxnId, draft.kind);
        if (raced) return raced;
      }
      throw e;
    }
    return { view: this.view(ctx.resolved, actor, d), created: true };
  }
}

function fileIdsOf(dto: StartDialogmeldingDto | SvarDto): string[] | undefined {
  return dto.attachments?.map((a) => a.fileId);
}
