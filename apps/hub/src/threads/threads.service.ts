import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  Conflict,
  Forbidden,
  NewCaseEvent,
  NotFound,
  Seat,
  seatOf,
  Thread,
  validateParticipants,
  validateRemoval,
} from '@hub/domain';
import { canRead, CaseAccess, reachesArbeidsgiver, tagged, ThreadView, toThreadView } from '@hub/access';
import { ThreadRepository } from '@hub/persistence';
import { AuditedReader } from '../access/audited-reader';
import { CaseAccessService, ResolvedAccess } from '../access/case-access.service';
import { HealthTextGuard } from '../access/health-text-guard';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { CaseEventWriter } from '../events/case-event-writer';
import { CreateThreadDto } from './dto/create-thread.dto';

/** Seats someone holds in the case now: a thread can only be opened between present parties. */
export function heldSeats(access: CaseAccess): Seat[] {
  return [...new Set(access.relations.map(seatOf))];
}

@Injectable()
export class ThreadsService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    private readonly writer: CaseEventWriter,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(actor: Actor, caseId: string, dto: CreateThreadDto): Promise<ThreadView> {
    const { ability, access, seats } = await this.access.resolve(actor, caseId);
    if (!ability.can('create', tagged('Thread', { caseId }))) throw new Forbidden();
    const participants = validateParticipants(dto.participants, seats, heldSeats(access));
    const thread: Thread = {
      id: randomUUID(),
      caseId,
      subject: dto.subject,
      participants: [...participants].sort(),
      createdBy: actor.sub,
      createdAt: this.clock.now(),
    };
    const guard = this.healthText.check(
      [{ field: 'subject', text: dto.subject }],
      (f) => reachesArbeidsgiver(access, 'Thread', thread, f, participants),
      dto.helseopplysningerBekreftet,
    );
    await this.writer.commit(async (tx) => {
      await new ThreadRepository(tx).insert(thread);
      return [this.threadEvent(thread, 'thread.created', actor, { subject: thread.subject, participants: thread.participants })];
    });
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'Thread', thread.id);
    return toThreadView(thread);
  }

  async list(actor: Actor, caseId: string): Promise<ThreadView[]> {
    return this.reader.read(actor, caseId, {
      subject: 'Thread',
      load: ({ access }) => Promise.resolve(access.threads),
      id: (t) => t.id,
      view: toThreadView,
    });
  }

  async get(actor: Actor, caseId: string, threadId: string): Promise<ThreadView> {
    const { thread } = await this.readable(actor, caseId, threadId);
    await this.audit.permit(actor, { caseId, subjectType: 'Thread', subjectIds: [thread.id] });
    return toThreadView(thread);
  }

  /** A participant brings another present party into the thread; they then see its whole history. */
  async addParticipant(actor: Actor, caseId: string, threadId: string, seat: string): Promise<ThreadView> {
    const { thread, resolved } = await this.readable(actor, caseId, threadId);
    const participants = validateParticipants([...thread.participants, seat], resolved.seats, heldSeats(resolved.access));
    if (thread.participants.includes(seat as Seat)) throw new Conflict('Already a participant');
    const now = this.clock.now();
    await this.writer.commit(async (tx) => {
      await new ThreadRepository(tx).addParticipant(threadId, seat as Seat, now);
      return [this.threadEvent(thread, 'thread.participant_added', actor, { seat })];
    });
    return toThreadView({ ...thread, participants: participants.sort() });
  }

  /** The veileder takes a seat out of a thread: from now on that party does not learn of it. */
  async removeParticipant(actor: Actor, caseId: string, threadId: string, seat: string): Promise<ThreadView> {
    const { thread, resolved } = await this.readable(actor, caseId, threadId);
    if (!resolved.ability.can('manage', tagged('Case', { id: caseId }))) throw new Forbidden('Only the veileder removes participants');
    if (!thread.participants.includes(seat as Seat)) throw new NotFound();
    validateRemoval(thread.participants, seat as Seat);
    const now = this.clock.now();
    await this.writer.commit(async (tx) => {
      await new ThreadRepository(tx).removeParticipant(threadId, seat as Seat, now);
      // The removed seat is told outside the thread, since it no longer sees the thread's own events.
      return [
        {
          ...this.threadEvent(thread, 'thread.participant_removed', actor, { seat }),
          threadId: null,
          audience: [seat as Seat, 'veileder'],
          refId: threadId,
        },
      ];
    });
    return toThreadView({ ...thread, participants: thread.participants.filter((s) => s !== seat) });
  }

  /**
   * The thread if the actor may read it; a missing and a hidden thread both answer NotFound. No query beyond the access,
   * and none at all when the caller brings the access (a socket send, from the fan-out's cache).
   */
  async readable(
    actor: Actor,
    caseId: string,
    threadId: string,
    known?: ResolvedAccess,
  ): Promise<{ thread: Thread; resolved: ResolvedAccess }> {
    const resolved = known ?? (await this.access.resolve(actor, caseId));
    const thread = resolved.access.threads.find((t) => t.id === threadId);
    if (!thread || !canRead(resolved.ability, 'Thread', thread)) {
      await this.audit.deny(actor, { caseId, subjectType: 'Thread', subjectIds: [threadId] });
      throw new NotFound();
    }
    return { thread, resolved };
  }

  private threadEvent(t: Thread, type: NewCaseEvent['type'], actor: Actor, payload: NewCaseEvent['payload']): NewCaseEvent {
    return { caseId: t.caseId, type, threadId: t.id, refId: t.id, actorId: actor.sub, audience: null, payload, at: this.clock.now() };
  }
}
