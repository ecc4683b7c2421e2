import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { Actor, CaseEvent, CaseEventType, DomainError, Message, NotFound, Role, roleOfSeat, Seat, Unavailable } from '@hub/domain';
import { AppAbility, CaseAccess, defineAbility, EventView, isMessageEvent, seatsOf, toEventView } from '@hub/access';
import { Db, EventRepository, MessageRepository } from '@hub/persistence';
import { CaseAccessService, ResolvedAccess } from '../access/case-access.service';
import { AuditService } from '../audit/audit.service';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { CommittedEvents } from '../events/case-event-bus';
import { MetricsService } from '../metrics/metrics.service';

/** Events after which the case's access is read again: who holds which seat, consents, thread membership. */
const ACCESS_EVENTS = new Set<CaseEventType>([
  'relation.added', 'relation.ended', 'case.handover', 'consent.granted', 'consent.revoked',
  'thread.created', 'thread.participant_added', 'thread.participant_removed',
]);
const CATCH_UP_PAGE = 1000;
const GAP_WAIT_MS = 100;
/** After a failed read (a cut database connection), the case's chain tries again this much later. */
const RETRY_MS = 200;

export type SubscribeAck = { ok: true; lastSeq: number; seats: Seat[] } | { ok: false; refetch: true; lastSeq: number };

interface Audience {
  room: string;
  seats: Seat[];
  role: Role;
  ability?: AppAbility;
}

interface Subscriber {
  socket: Socket;
  actor: Actor;
  audience: string;
  /** The actor's own ability (with person-specific grants), built on first send; dropped when access is read again. */
  ability?: AppAbility;
}

interface CaseState {
  caseId: string;
  ready: boolean;
  lastSeq: number;
  access?: CaseAccess;
  /** Events received ahead of `lastSeq + 1`, waiting for the ones before them. */
  pending: Map<number, CaseEvent>;
  /** performance.now() when the oldest undelivered event arrived (for the fan-out delay metric). */
  waitingSince?: number;
  known: Map<string, Message>;
  audiences: Map<string, Audience>;
  subscribers: Map<string, Subscriber>;
  /** Everything for one case runs in this chain: delivery in sequence order, access reloads, catch-ups. */
  chain: Promise<unknown>;
  gapTimer?: NodeJS.Timeout;
  retryTimer?: NodeJS.Timeout;
}

export const audienceRoom = (caseId: string, seats: readonly Seat[]) => `c:${caseId}:${[...seats].sort().join('+')}`;
export const seatRoom = (caseId: string, seat: Seat) => `s:${caseId}:${seat}`;

/**
 * Delivers committed case events to this node's sockets. Per case it keeps the last sequence delivered and
 * delivers strictly in order, filling gaps from PostgreSQL; it renders each event once per audience (a set of
 * seats) and emits it once per room. A subscribing socket's catch-up runs in the same per-case chain, so it
 * gets every event it may see exactly once, in order, then the live ones (ARCHITECTURE guarantees 3 and 5).
 */
@Injectable()
export class CaseFanout implements OnModuleDestroy {
  private readonly log = new Logger('Fanout');
  private readonly cases = new Map<string, CaseState>();
  private io?: Server;

  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  attach(io: Server): void {
    this.io = io;
  }

  /** Committed events from this node (bus) or another node (adapter). */
  onCommitted({ events, messages }: CommittedEvents): void {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) {
      if (!this.cases.has(e.caseId)) continue;
      byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    }
    for (const [caseId, list] of byCase) {
      const state = this.cases.get(caseId)!;
      for (const e of list) {
        if (state.ready && e.seq <= state.lastSeq) continue;
        state.pending.set(e.seq, e);
        state.waitingSince ??= performance.now();
      }
      for (const m of messages) if (m.caseId === caseId) state.known.set(m.id, m);
      this.enqueue(state, () => this.drain(state));
    }
  }

  /** `budget` is asked for the events the catch-up would replay; refused, the socket is told to refetch over REST. */
  async subscribe(socket: Socket, actor: Actor, caseId: string, after: number, budget: (events: number) => boolean = () => true): Promise<SubscribeAck> {
    const state = this.ensure(caseId);
    return this.enqueue(state, async () => {
      // The case's access could not be read (the database is away; a retry is scheduled): an error to retry, not a denial.
      if (!state.ready) throw new Unavailable();
      const seats = state.access ? seatsOf(actor, state.access) : [];
      if (seats.length === 0) {
        await this.audit.deny(actor, { caseId, subjectType: 'Case', subjectIds: [caseId], channel: 'socket' });
        this.forgetIfIdle(state);
        throw new NotFound();
      }
      // The client is ahead of this node (it read on another node while events from there were held up): this node
      // first reads up to it from the log, so its rooms never push the client an event it already holds.
      if (after > state.lastSeq) await this.fillFromLog(state);
      const from = Math.min(after, state.lastSeq);
      const behind = state.lastSeq - from;
      if (behind > this.config.socket.maxCatchUp || !budget(behind)) return { ok: false as const, refetch: true as const, lastSeq: state.lastSeq };
      this.leave(state, socket.id);
      const audience = this.audience(state, seats);
      await this.catchUp(state, socket, actor, audience, from);
      await socket.join([audience.room, ...seats.map((s) => seatRoom(caseId, s)), `c:${caseId}`]);
      state.subscribers.set(socket.id, { socket, actor, audience: audience.room });
      return { ok: true as const, lastSeq: state.lastSeq, seats };
    });
  }

  unsubscribe(socketId: string, caseId: string): void {
    const state = this.cases.get(caseId);
    if (!state) return;
    void this.enqueue(state, async () => {
      this.leave(state, socketId);
      this.forgetIfIdle(state);
    });
  }

  /** A socket is gone: forget it in every case. */
  dropSocket(socketId: string): void {
    for (const state of this.cases.values()) if (state.subscribers.has(socketId)) this.unsubscribe(socketId, state.caseId);
  }

  /** The cached access of a case this node serves, for ephemeral signals (typing, presence) without a query. */
  cachedAccess(caseId: string): CaseAccess | undefined {
    return this.cases.get(caseId)?.access;
  }

  /**
   * A subscribed socket's access as this node last read it (refreshed in the case's chain on every access event), so
   * a socket send needs no access query. It may lag a change committed a moment ago on any node; the message write
   * re-checks the seat under the case lock, so the lag can only refuse a send, never store one it should not.
   */
  resolvedFor(caseId: string, socketId: string): ResolvedAccess | undefined {
    const state = this.cases.get(caseId);
    const sub = state?.subscribers.get(socketId);
    const seats = sub && state!.audiences.get(sub.audience)?.seats;
    if (!sub || !seats || !state!.access) return undefined;
    sub.ability ??= defineAbility(seats, state!.access, sub.actor.sub);
    return { access: state!.access, seats, ability: sub.ability };
  }

  seatsOfSubscriber(caseId: string, socketId: string): Seat[] {
    const state = this.cases.get(caseId);
    const sub = state?.subscribers.get(socketId);
    return sub ? state!.audiences.get(sub.audience)?.seats ?? [] : [];
  }

  onModuleDestroy(): void {
    for (const s of this.cases.values()) {
      clearTimeout(s.gapTimer);
      clearTimeout(s.retryTimer);
    }
    this.cases.clear();
  }

  private ensure(caseId: string): CaseState {
    let state = this.cases.get(caseId);
    if (state) return state;
    // Registered before the access is read, so events committed meanwhile wait in `pending` instead of being missed.
    state = { caseId, ready: false, lastSeq: 0, pending: new Map(), known: new Map(), audiences: new Map(), subscribers: new Map(), chain: Promise.resolve() };
    this.cases.set(caseId, state);
    const s = state;
    void this.enqueue(s, () => this.load(s));
    return state;
  }

  private async load(state: CaseState): Promise<void> {
    try {
      state.access = await this.access.load(state.caseId);
    } catch (e) {
      this.retryLater(state, () => this.load(state));
      throw e;
    }
    state.lastSeq = state.access?.case.lastSeq ?? 0;
    state.ready = true;
    await this.drain(state);
  }

  /** Runs `task` in the case's chain a little later, once (a task already waiting covers it). */
  private retryLater(state: CaseState, task: () => Promise<void>): void {
    if (state.retryTimer) return;
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      if (this.cases.get(state.caseId) === state) void this.enqueue(state, task);
    }, RETRY_MS);
    state.retryTimer.unref();
  }

  private enqueue<T>(state: CaseState, task: () => Promise<T>): Promise<T> {
    const run = state.chain.then(task, task);
    state.chain = run.catch((e: unknown) => {
      // A refused subscription (no seat in the case) is an expected answer, already audited: no error, no stack. An
      // outage is logged once by the database's circuit; its retries here would log it five times a second per case.
      if (e instanceof Unavailable) return;
      if (e instanceof DomainError) this.log.debug(`Case ${state.caseId}: ${e.code}`);
      else this.log.error(`Case ${state.caseId}: ${e instanceof Error ? e.stack : String(e)}`);
    });
    return run;
  }

  private async drain(state: CaseState): Promise<void> {
    // A forgotten state (its last subscriber left) may still have a retry or a fill in its chain: it delivers nothing,
    // or it would push events into rooms that a newer state for the same case already serves.
    if (!state.ready || this.cases.get(state.caseId) !== state) return;
    const batch: CaseEvent[] = [];
    for (let next = state.pending.get(state.lastSeq + 1); next; next = state.pending.get(state.lastSeq + 1)) {
      state.pending.delete(next.seq);
      batch.push(next);
      state.lastSeq = next.seq;
    }
    for (const seq of state.pending.keys()) if (seq <= state.lastSeq) state.pending.delete(seq);
    this.watchGap(state);
    if (batch.length === 0) return;
    let messages: Map<string, Message>;
    try {
      if (batch.some((e) => ACCESS_EVENTS.has(e.type))) await this.reloadAccess(state);
      messages = await this.messagesFor(state, batch);
    } catch (e) {
      // A read failed (database connection cut) before anything went out: the batch waits and is tried again, so no
      // subscriber on this node misses it.
      for (const ev of batch) state.pending.set(ev.seq, ev);
      state.lastSeq = batch[0].seq - 1;
      this.retryLater(state, () => this.drain(state));
      throw e;
    }
    this.deliver(state, batch, messages);
  }

  /** A later event arrived before an earlier one; if the earlier one does not follow soon, read it from the log. */
  private watchGap(state: CaseState): void {
    if (state.pending.size === 0 || state.gapTimer) return;
    state.gapTimer = setTimeout(() => {
      state.gapTimer = undefined;
      void this.enqueue(state, () => this.fillFromLog(state).catch((e: unknown) => {
        this.watchGap(state);
        throw e;
      }));
    }, GAP_WAIT_MS);
    state.gapTimer.unref();
  }

  /**
   * Events from other nodes may have been lost on the way (Redis was away): every case this node serves reads what
   * follows its last delivered sequence from the log, and delivers it as if it had arrived.
   */
  resync(): void {
    for (const state of this.cases.values()) {
      const fill = (): Promise<void> => this.fillFromLog(state).catch((e: unknown) => {
        this.retryLater(state, fill);
        throw e;
      });
      void this.enqueue(state, fill);
    }
  }

  private async fillFromLog(state: CaseState): Promise<void> {
    if (!state.ready || this.cases.get(state.caseId) !== state) return;
    for (let page = CATCH_UP_PAGE; page === CATCH_UP_PAGE; ) {
      const missing = await new EventRepository(this.db).after(state.caseId, state.lastSeq, CATCH_UP_PAGE);
      page = missing.length;
      for (const e of missing) if (e.seq > state.lastSeq) state.pending.set(e.seq, e);
      if (missing.length > 0) state.waitingSince ??= performance.now();
      await this.drain(state);
    }
  }

  private deliver(state: CaseState, batch: CaseEvent[], messages: ReadonlyMap<string, Message>): void {
    if (state.waitingSince !== undefined) this.metrics.fanoutDelay.observe((performance.now() - state.waitingSince) / 1000);
    // Events still pending (behind a gap) have waited since before this delivery; later ones start a new wait.
    state.waitingSince = state.pending.size > 0 ? state.waitingSince : undefined;
    for (const audience of state.audiences.values()) {
      const views = this.render(state, audience, batch, messages);
      if (views.length === 0) continue;
      this.io?.local.to(audience.room).emit('case.events', { caseId: state.caseId, events: views });
      this.metrics.eventsDelivered.inc(views.length);
      this.auditDelivery(state, audience.room, views);
    }
    for (const m of messages.keys()) state.known.delete(m);
  }

  private render(state: CaseState, audience: Audience, events: readonly CaseEvent[], messages: ReadonlyMap<string, Message>): EventView[] {
    audience.ability ??= defineAbility(audience.seats, state.access!);
    return events.flatMap((e) => toEventView(audience.ability!, audience.role, e, messages) ?? []);
  }

  private async messagesFor(state: CaseState, events: readonly CaseEvent[]): Promise<Map<string, Message>> {
    const ids = [...new Set(events.filter((e) => isMessageEvent(e.type) && e.refId).map((e) => e.refId!))];
    const found = new Map<string, Message>();
    const missing: string[] = [];
    for (const id of ids) {
      const m = state.known.get(id);
      if (m) found.set(id, m);
      else missing.push(id);
    }
    // Only events from another node (or an edit we did not see) need reading; once per batch, not per socket.
    for (const m of await new MessageRepository(this.db).findMany(missing)) found.set(m.id, m);
    return found;
  }

  private async catchUp(state: CaseState, socket: Socket, actor: Actor, audience: Audience, from: number): Promise<void> {
    const repo = new EventRepository(this.db);
    const delivered: string[] = [];
    for (let cursor = from; cursor < state.lastSeq; ) {
      const events = (await repo.after(state.caseId, cursor, CATCH_UP_PAGE)).filter((e) => e.seq <= state.lastSeq);
      if (events.length === 0) break;
      cursor = events[events.length - 1].seq;
      const views = this.render(state, audience, events, await this.messagesFor(state, events));
      if (views.length > 0) socket.emit('case.events', { caseId: state.caseId, events: views });
      delivered.push(...views.flatMap((v) => (v.message?.id ? [v.message.id] : [])));
    }
    if (delivered.length > 0) this.audit.delivered(actor, { caseId: state.caseId, subjectType: 'Message', subjectIds: delivered });
  }

  private async reloadAccess(state: CaseState): Promise<void> {
    const access = await this.access.load(state.caseId);
    state.access = access;
    state.audiences.clear();
    // All at once, before the loop below awaits: no send may pair the new access with an ability built from the old.
    for (const sub of state.subscribers.values()) sub.ability = undefined;
    for (const [socketId, sub] of state.subscribers) {
      const seats = access ? seatsOf(sub.actor, access) : [];
      if (seats.length === 0) {
        // Access ended (relation ended, handover): nothing more reaches this socket, at once.
        this.leave(state, socketId);
        sub.socket.emit('case.access_ended', { caseId: state.caseId });
        continue;
      }
      const audience = this.audience(state, seats);
      if (audience.room !== sub.audience) {
        this.leave(state, socketId);
        await sub.socket.join([audience.room, ...seats.map((s) => seatRoom(state.caseId, s)), `c:${state.caseId}`]);
        state.subscribers.set(socketId, { ...sub, audience: audience.room });
      }
    }
  }

  private audience(state: CaseState, seats: readonly Seat[]): Audience {
    const room = audienceRoom(state.caseId, seats);
    let a = state.audiences.get(room);
    if (!a) {
      a = { room, seats: [...seats].sort(), role: roleOfSeat(seats[0]) };
      state.audiences.set(room, a);
    }
    return a;
  }

  private leave(state: CaseState, socketId: string): void {
    const sub = state.subscribers.get(socketId);
    if (!sub) return;
    state.subscribers.delete(socketId);
    for (const room of sub.socket.rooms) if (room.startsWith(`c:${state.caseId}`) || room.startsWith(`s:${state.caseId}:`)) void sub.socket.leave(room);
    if (![...state.subscribers.values()].some((s) => s.audience === sub.audience)) state.audiences.delete(sub.audience);
  }

  private forgetIfIdle(state: CaseState): void {
    if (state.subscribers.size > 0) return;
    clearTimeout(state.gapTimer);
    clearTimeout(state.retryTimer);
    this.cases.delete(state.caseId);
  }

  private auditDelivery(state: CaseState, room: string, views: readonly EventView[]): void {
    const ids = views.flatMap((v) => (v.message?.id ? [v.message.id] : []));
    if (ids.length === 0) return;
    for (const sub of state.subscribers.values()) {
      if (sub.audience !== room) continue;
      this.audit.delivered(sub.actor, { caseId: state.caseId, subjectType: 'Message', subjectIds: ids });
    }
  }
}
