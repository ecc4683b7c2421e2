import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { type Actor, type CaseEvent, type CaseEventType, type Message, NotFound, type Seat, Unavailable } from '@hub/domain';
import { type CaseAccess, type EventView, isMessageEvent, threadIdsOf } from '@hub/access';
import { Db, EventRepository, MessageRepository } from '@hub/persistence';
import { CaseAccessService, type ResolvedAccess } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config';
import { CaseEventBus, type CommittedEvents } from '../events/case-event-bus';
import { MetricsService } from '../metrics/metrics.service';
import { type Audience, CaseAudiences } from './case-audiences';
import { CATCH_UP_PAGE, CaseStream } from './case-stream';

/**
 * What a delivery still writes as an audit row: live and caught-up new messages are derived from the socket's delivery
 * interval and the event log; an edit or redaction is a row, as what an audience sees of it depends on its fields.
 */
const explicitlyAudited = (views: readonly EventView[]): string[] =>
  views.flatMap((v) => (v.message?.id && v.type !== 'message.created' ? [v.message.id] : []));

/** Events after which the case's access is read again: who holds which seat, consents, thread membership. */
const ACCESS_EVENTS = new Set<CaseEventType>([
  'relation.added',
  'relation.ended',
  'case.handover',
  'consent.granted',
  'consent.revoked',
  'thread.created',
  'thread.participant_added',
  'thread.participant_removed',
]);

export type SubscribeAck = { ok: true; lastSeq: number; seats: Seat[] } | { ok: false; refetch: true; lastSeq: number };

/** A case this node serves: its ordered stream of events and the audiences they go to. */
interface CaseState {
  stream: CaseStream;
  audiences: CaseAudiences;
  /** Each subscribed socket's open delivery interval (the audit of what it receives; see AuditService.openInterval). */
  intervals: Map<string, string>;
}

/**
 * Delivers committed case events to this node's sockets. It takes them from the bus (this node's commits) and the
 * cluster relay (other nodes'); per case a `CaseStream` puts them in order, and `CaseAudiences` renders each once per
 * audience and emits it once per room. A subscribing socket's catch-up runs in the case's chain, so it gets every event
 * it may see exactly once, in order, then the live ones (ARCHITECTURE guarantees 3 and 5).
 */
@Injectable()
export class CaseFanout implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Fanout');
  private readonly cases = new Map<string, CaseState>();
  private io?: Server;
  private unsubscribeBus?: () => void;

  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly bus: CaseEventBus,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribeBus = this.bus.subscribe((batch) => this.onCommitted(batch));
  }

  attach(io: Server): void {
    this.io = io;
  }

  /** Committed events from this node (bus) or another node (cluster relay). */
  onCommitted({ events, messages }: CommittedEvents): void {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) {
      if (!this.cases.has(e.caseId)) continue;
      byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    }
    for (const [caseId, list] of byCase) this.cases.get(caseId)!.stream.offer(list, messages);
  }

  /** `budget` is asked for the events the catch-up would replay; refused, the socket is told to refetch over REST. */
  async subscribe(
    socket: Socket,
    actor: Actor,
    caseId: string,
    after: number,
    budget: (events: number) => boolean = () => true,
  ): Promise<SubscribeAck> {
    const state = this.ensure(caseId);
    const { stream, audiences } = state;
    return stream.enqueue(async () => {
      // The case's access could not be read (the database is away; a retry is scheduled): an error to retry, not a denial.
      if (!stream.ready) throw new Unavailable();
      const seats = audiences.seatsFor(actor);
      if (seats.length === 0) {
        await this.audit.deny(actor, { caseId, subjectType: 'Case', subjectIds: [caseId], channel: 'socket' });
        this.forgetIfIdle(state);
        throw new NotFound();
      }
      // The client is ahead of this node (it read on another node while events from there were held up): this node
      // first reads up to it from the log, so its rooms never push the client an event it already holds.
      if (after > stream.lastSeq) await stream.fillFromLog();
      const from = Math.min(after, stream.lastSeq);
      const behind = stream.lastSeq - from;
      if (behind > this.config.socket.maxCatchUp || !budget(behind))
        return { ok: false as const, refetch: true as const, lastSeq: stream.lastSeq };
      this.leave(state, socket.id);
      const audience = audiences.audience(seats);
      await this.catchUp(state, socket, actor, audience, from);
      await audiences.join(socket, actor, audience);
      this.openInterval(state, socket.id, actor, audience.seats, from);
      return { ok: true as const, lastSeq: stream.lastSeq, seats };
    });
  }

  unsubscribe(socketId: string, caseId: string): void {
    const state = this.cases.get(caseId);
    if (!state) return;
    void state.stream.enqueue(() => {
      this.leave(state, socketId);
      this.forgetIfIdle(state);
      return Promise.resolve();
    });
  }

  /** The cached access of a case this node serves, for ephemeral signals (typing, presence) without a query. */
  cachedAccess(caseId: string): CaseAccess | undefined {
    return this.cases.get(caseId)?.audiences.access;
  }

  /**
   * A subscribed socket's access as this node last read it (refreshed in the case's chain on every access event), so
   * a socket send needs no access query. It may lag a change committed a moment ago on any node; the message write
   * re-checks the seat under the case lock, so the lag can only refuse a send, never store one it should not.
   */
  resolvedFor(caseId: string, socketId: string): ResolvedAccess | undefined {
    return this.cases.get(caseId)?.audiences.resolvedFor(socketId);
  }

  seatsOfSubscriber(caseId: string, socketId: string): Seat[] {
    return this.cases.get(caseId)?.audiences.seatsOfSubscriber(socketId) ?? [];
  }

  /**
   * Events from other nodes may have been lost on the way (Redis was away): every case this node serves reads what
   * follows its last delivered sequence from the log, and delivers it as if it had arrived.
   */
  resync(): void {
    for (const { stream } of this.cases.values()) stream.resync();
  }

  onModuleDestroy(): void {
    this.unsubscribeBus?.();
    for (const { stream } of this.cases.values()) stream.close();
    this.cases.clear();
  }

  private ensure(caseId: string): CaseState {
    const known = this.cases.get(caseId);
    if (known) return known;
    const audiences = new CaseAudiences(caseId);
    const state: CaseState = {
      audiences,
      intervals: new Map(),
      stream: new CaseStream(
        caseId,
        {
          prepare: async (batch, knownMessages) => {
            if (batch.some((e) => ACCESS_EVENTS.has(e.type))) {
              const access = await this.access.load(caseId);
              // The batch goes out with the access read now: every subscription's interval ends before it and a new
              // one, with the threads its audience sees now, starts (for the sockets that keep access).
              for (const socketId of [...state.intervals.keys()]) this.closeInterval(state, socketId);
              await audiences.reseat(access);
              for (const sub of audiences.subscribers.values())
                this.openInterval(state, sub.socket.id, sub.actor, audiences.seatsOfSubscriber(sub.socket.id), state.stream.lastSeq);
            }
            return this.messagesFor(knownMessages, batch);
          },
          deliver: (batch, messages) => {
            const sent = audiences.broadcast(this.io, batch, messages);
            this.metrics.eventsDelivered.inc(sent.views);
            for (const { actor, views } of sent.deliveries) this.audited(actor, caseId, views);
          },
          delayed: (seconds) => this.metrics.fanoutDelay.observe(seconds),
          readLog: (after, limit) => new EventRepository(this.db).after(caseId, after, limit),
        },
        this.log,
      ),
    };
    // Registered before the access is read, so events committed meanwhile wait in the stream instead of being missed.
    this.cases.set(caseId, state);
    void state.stream.enqueue(() => this.load(state));
    return state;
  }

  private async load(state: CaseState): Promise<void> {
    try {
      state.audiences.access = await this.access.load(state.stream.caseId);
    } catch (e) {
      state.stream.retryLater(() => this.load(state));
      throw e;
    }
    await state.stream.open(state.audiences.access?.case.lastSeq ?? 0);
  }

  /** The messages a batch refers to: those that came with it, the rest read once per batch (never per socket). */
  private async messagesFor(known: ReadonlyMap<string, Message>, events: readonly CaseEvent[]): Promise<Map<string, Message>> {
    const ids = [...new Set(events.filter((e) => isMessageEvent(e.type) && e.refId).map((e) => e.refId!))];
    const found = new Map<string, Message>();
    const missing: string[] = [];
    for (const id of ids) {
      const m = known.get(id);
      if (m) found.set(id, m);
      else missing.push(id);
    }
    // Only events from another node (or an edit we did not see) need reading.
    for (const m of await new MessageRepository(this.db).findMany(missing)) found.set(m.id, m);
    return found;
  }

  private async catchUp(state: CaseState, socket: Socket, actor: Actor, audience: Audience, from: number): Promise<void> {
    const { stream, audiences } = state;
    const repo = new EventRepository(this.db);
    const delivered: string[] = [];
    for (let cursor = from; cursor < stream.lastSeq;) {
      const events = (await repo.after(stream.caseId, cursor, CATCH_UP_PAGE)).filter((e) => e.seq <= stream.lastSeq);
      if (events.length === 0) break;
      cursor = events[events.length - 1].seq;
      const views = audiences.render(audience, events, await this.messagesFor(stream.known, events));
      if (views.length > 0) socket.emit('case.events', { caseId: stream.caseId, events: views });
      delivered.push(...explicitlyAudited(views));
    }
    if (delivered.length > 0) this.audit.delivered(actor, { caseId: stream.caseId, subjectType: 'Message', subjectIds: delivered });
  }

  private audited(actor: Actor, caseId: string, views: readonly EventView[]): void {
    const ids = explicitlyAudited(views);
    if (ids.length > 0) this.audit.delivered(actor, { caseId, subjectType: 'Message', subjectIds: ids });
  }

  /** The socket subscribed (its catch-up covered (caughtUpFrom, lastSeq]): what it receives from now is derivable. */
  private openInterval(state: CaseState, socketId: string, actor: Actor, seats: readonly Seat[], caughtUpFrom: number): void {
    const access = state.audiences.access;
    if (!access || seats.length === 0) return;
    const threadIds = [...new Set(seats.flatMap((seat) => threadIdsOf(seat, access)))];
    const id = this.audit.openInterval({
      caseId: state.stream.caseId,
      actorId: actor.sub,
      actorRole: actor.role,
      seats: [...seats],
      threadIds,
      caughtUpFrom,
      fromSeq: state.stream.lastSeq,
    });
    state.intervals.set(socketId, id);
  }

  private closeInterval(state: CaseState, socketId: string): void {
    const id = state.intervals.get(socketId);
    if (id === undefined) return;
    state.intervals.delete(socketId);
    this.audit.closeInterval(id, state.stream.lastSeq);
  }

  private leave(state: CaseState, socketId: string): void {
    this.closeInterval(state, socketId);
    state.audiences.leave(socketId);
  }

  private forgetIfIdle(state: CaseState): void {
    if (state.audiences.subscribers.size > 0) return;
    state.stream.close();
    this.cases.delete(state.stream.caseId);
  }
}
