import { Inject, Injectable } from '@nestjs/common';
import { Actor, Invalid, Seat } from '@hub/domain';
import { tagged } from '@hub/access';
import { Db, ReadMarkerRepository } from '@hub/persistence';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { CaseEventWriter } from '../events/case-event-writer';
import { ThreadsService } from './threads.service';

/** Who has read a thread up to where: a seat, not a person, is shown, as for everything else in a thread. */
export interface ReadMarkerView {
  seat: Seat;
  upToSeq: number;
  at: string;
}

@Injectable()
export class ReadMarkersService {
  constructor(
    private readonly db: Db,
    private readonly threads: ThreadsService,
    private readonly events: CaseEventWriter,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Moves the caller's marker forward; moving it back or to where it is changes nothing. */
  async mark(actor: Actor, caseId: string, threadId: string, upToSeq: number): Promise<ReadMarkerView[]> {
    const { thread, resolved } = await this.threads.readable(actor, caseId, threadId);
    if (!resolved.ability.can('create', tagged('ReadMarker', { caseId, threadId }))) throw new Invalid('threadId', 'participant');
    if (upToSeq > resolved.access.case.lastSeq) throw new Invalid('upToSeq', 'max', "upToSeq is beyond the case's last event");
    const seat = resolved.seats.find((s) => thread.participants.includes(s))!;
    const at = this.clock.now();
    await this.events.commit(async (tx) => {
      const moved = await new ReadMarkerRepository(tx).advance({ threadId, readerId: actor.sub, seat, upToSeq, at });
      return moved
        ? [{ caseId, type: 'receipt.read', threadId, refId: threadId, actorId: actor.sub, audience: null, payload: { seat, upToSeq }, at }]
        : [];
    });
    return this.list(actor, caseId, threadId);
  }

  async list(actor: Actor, caseId: string, threadId: string): Promise<ReadMarkerView[]> {
    await this.threads.readable(actor, caseId, threadId);
    const markers = await new ReadMarkerRepository(this.db).inThread(threadId);
    await this.audit.permit(actor, { caseId, subjectType: 'ReadMarker', subjectIds: [threadId] });
    // Several people may have held a seat (a handover); the seat shows its furthest marker.
    const bySeat = new Map<Seat, ReadMarkerView>();
    for (const m of markers) {
      const prev = bySeat.get(m.seat);
      if (!prev || prev.upToSeq < m.upToSeq) bySeat.set(m.seat, { seat: m.seat, upToSeq: m.upToSeq, at: m.at.toISOString() });
    }
    return [...bySeat.values()].sort((a, b) => a.seat.localeCompare(b.seat));
  }
}
