import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { DefaultEventsMap, ExtendedError, Server, Socket } from 'socket.io';
import { type Actor, DomainError, RateLimited, type Seat } from '@hub/domain';
import { onlineSeats, typingSignal } from '@hub/access';
import { bearerToken } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import { toErrorBody } from '../common/error.filter';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config';
import { SocketCap } from '../limits/socket-cap';
import { MetricsService } from '../metrics/metrics.service';
import { MessagesService } from '../threads/messages.service';
import { ReadMarkersService } from '../threads/read-markers.service';
import { caseRoom, seatRoom } from './case-audiences';
import { CaseFanout } from './case-fanout.service';
import { ClusterRelay } from './cluster-relay';
import { CasePayload, ReadPayload, SubscribePayload, ThreadPayload } from './dto/socket-payloads.dto';
import { StrikeCounter, TokenBucket } from './rate-limiter';
import { parsePayload, parseSendPayload } from './socket-validation';

/** Packets queued for one client past which it is cut off; it resumes from its last sequence when it reconnects. */
const SLOW_CONSUMER_PACKETS = 2000;
const MAX_TIMER_MS = 2_147_483_647;

interface SocketData {
  actor: Actor;
  expiresAt: number;
  cases: Record<string, Seat[]>;
}
type HubSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
type Ack = (response: unknown) => void;
type Handler = (payload: unknown) => Promise<unknown>;

/** One socket's rate limits: sends, signals and the events it may have replayed per minute. */
interface Budgets {
  sends: TokenBucket;
  signals: TokenBucket;
  /** Replayed events are the costliest thing a socket can ask for: past this budget it pages over REST. */
  catchUp: TokenBucket;
  strikes: StrikeCounter;
}

const notFound = () => ({ ok: false, error: toErrorBody(new DomainError('not_found', 'Not found')).body });

/**
 * The socket protocol (documented in the README): authenticated at the handshake, then per case
 * `case.subscribe` with the last sequence held, `case.events` pushes, and acknowledged writes.
 */
@WebSocketGateway()
export class CaseEventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() io!: Server;
  private readonly log = new Logger('Sockets');
  private slowTimer?: NodeJS.Timeout;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly fanout: CaseFanout,
    private readonly relay: ClusterRelay,
    private readonly messages: MessagesService,
    private readonly readMarkers: ReadMarkersService,
    private readonly metrics: MetricsService,
    private readonly cap: SocketCap,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  afterInit(io: Server): void {
    this.fanout.attach(io);
    this.relay.attach(io);
    // Nest guards do not run on a socket.io connection: the token is checked here, once, at the handshake.
    io.use((socket, next) => this.authenticate(socket as HubSocket, next));
    this.cap.watch((id) => io.sockets.sockets.has(id));
    this.slowTimer = setInterval(() => this.cutSlowConsumers(io), 1000);
    this.slowTimer.unref();
  }

  handleConnection(socket: HubSocket): void {
    const { actor } = socket.data;
    if (!actor) return void socket.disconnect(true);
    this.metrics.sockets.inc();
    this.endAtExpiry(socket);
    const budgets = this.budgets();
    const on = (event: string, bucket: TokenBucket, handler: Handler) => this.handle(socket, budgets.strikes, event, bucket, handler);
    on('case.subscribe', budgets.signals, (p) => this.onSubscribe(socket, p, budgets.catchUp));
    on('case.unsubscribe', budgets.signals, (p) => this.onUnsubscribe(socket, p));
    on('message.send', budgets.sends, (p) => this.onSend(socket, p));
    on('receipt.read', budgets.signals, (p) => this.onRead(socket, p));
    on('typing', budgets.signals, (p) => this.onTyping(socket, p));
    on('presence.get', budgets.signals, (p) => this.onPresence(socket, p));
  }

  handleDisconnect(socket: HubSocket): void {
    if (!socket.data.actor) return;
    this.metrics.sockets.dec();
    for (const caseId of Object.keys(socket.data.cases ?? {})) this.leaveCase(socket, caseId);
  }

  onModuleDestroy(): void {
    clearInterval(this.slowTimer);
  }

  private authenticate(socket: HubSocket, next: (err?: ExtendedError) => void): void {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : bearerToken(socket.handshake.headers.authorization);
    if (!token) return next(new Error('unauthorized'));
    this.verifier.verify(token).then(
      async ({ actor, expiresAt }) => {
        if (!(await this.cap.acquire(actor.sub, socket.id))) {
          // The client's connect_error carries the one error shape in `data`.
          const refused = Object.assign(new Error('rate_limited'), {
            data: toErrorBody(new RateLimited('Too many open sockets for this person')).body,
          });
          return next(refused);
        }
        Object.assign(socket.data, { actor, expiresAt, cases: {} });
        next();
      },
      () => next(new Error('unauthorized')),
    );
  }

  /** A token that expires while connected ends the socket; the client reconnects with a fresh one and resumes. */
  private endAtExpiry(socket: HubSocket): void {
    const expiry = setTimeout(
      () => {
        socket.emit('session.expired');
        // A namespace disconnect goes out after the packet above; closing the transport could drop it.
        socket.disconnect();
      },
      Math.min(Math.max(socket.data.expiresAt - Date.now(), 0), MAX_TIMER_MS),
    );
    expiry.unref();
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      this.cap.release(socket.id);
    });
  }

  private budgets(): Budgets {
    const { messagesPerSecond, catchUpPerMinute, rateLimitStrikes, strikeWindowSeconds } = this.config.socket;
    return {
      sends: new TokenBucket(messagesPerSecond, messagesPerSecond * 2),
      signals: new TokenBucket(messagesPerSecond * 2, messagesPerSecond * 4),
      catchUp: new TokenBucket(catchUpPerMinute / 60, catchUpPerMinute),
      strikes: new StrikeCounter(rateLimitStrikes, strikeWindowSeconds * 1000),
    };
  }

  /** One acknowledged request: rate-limited by `bucket`, answered with the handler's result or the one error shape. */
  private handle(socket: HubSocket, strikes: StrikeCounter, event: string, bucket: TokenBucket, handler: Handler): void {
    socket.on(event, async (...args: unknown[]) => {
      // The callback, when given, is the last argument; exactly one payload must come before it.
      const reply: Ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack) : () => undefined;
      const payload = args.length === 1 ? args[0] : undefined;
      if (!bucket.take()) {
        reply({ ok: false, error: toErrorBody(new RateLimited(undefined, Math.max(1, bucket.msUntil()))).body });
        // A client that keeps sending into its limit is not slowing down: it is cut off, told why first.
        if (socket.connected && strikes.strike()) {
          socket.emit('session.closed', toErrorBody(new RateLimited('Disconnected: too many requests past the rate limit')).body);
          socket.disconnect();
        }
        return;
      }
      try {
        reply(await handler(payload));
      } catch (e) {
        const { body } = toErrorBody(e);
        if (body.error === 'internal') this.log.error(e instanceof Error ? (e.stack ?? e.message) : 'socket handler failed');
        reply({ ok: false, error: body });
      }
    });
  }

  private async onSubscribe(socket: HubSocket, payload: unknown, catchUp: TokenBucket): Promise<unknown> {
    const p = await parsePayload(SubscribePayload, payload);
    const ack = await this.fanout.subscribe(socket, socket.data.actor, p.caseId, p.after, (events) => catchUp.take(events));
    if (!ack.ok) return ack;
    socket.data.cases[p.caseId] = ack.seats;
    socket.to(caseRoom(p.caseId)).emit('presence.changed', { caseId: p.caseId, seats: ack.seats, online: true });
    return { ok: true, lastSeq: ack.lastSeq };
  }

  private async onUnsubscribe(socket: HubSocket, payload: unknown): Promise<unknown> {
    const p = await parsePayload(CasePayload, payload);
    this.leaveCase(socket, p.caseId);
    return { ok: true };
  }

  private async onSend(socket: HubSocket, payload: unknown): Promise<unknown> {
    const arrivedAt = performance.now();
    const p = await parseSendPayload(payload);
    const known = this.fanout.resolvedFor(p.caseId, socket.id);
    const { view, created } = await this.messages.send(socket.data.actor, p.caseId, p.threadId, p, 'socket', known, arrivedAt);
    this.metrics.socketSend.observe((performance.now() - arrivedAt) / 1000);
    return { ok: true, created, message: view };
  }

  private async onRead(socket: HubSocket, payload: unknown): Promise<unknown> {
    const p = await parsePayload(ReadPayload, payload);
    return { ok: true, markers: await this.readMarkers.mark(socket.data.actor, p.caseId, p.threadId, p.upToSeq) };
  }

  /** Ephemeral and never stored (rules in libs/access). */
  private async onTyping(socket: HubSocket, payload: unknown): Promise<unknown> {
    const p = await parsePayload(ThreadPayload, payload);
    const signal = typingSignal(this.fanout.cachedAccess(p.caseId), this.fanout.seatsOfSubscriber(p.caseId, socket.id), p.threadId);
    if (!signal) return notFound();
    socket.to(signal.to.map((s) => seatRoom(p.caseId, s))).emit('typing', { caseId: p.caseId, threadId: p.threadId, seat: signal.seat });
    return { ok: true };
  }

  private async onPresence(socket: HubSocket, payload: unknown): Promise<unknown> {
    const p = await parsePayload(CasePayload, payload);
    const asker = socket.data.cases[p.caseId];
    const sockets = asker ? await this.io.in(caseRoom(p.caseId)).fetchSockets() : [];
    const online = onlineSeats(
      asker,
      sockets.map((s) => (s.data as SocketData).cases?.[p.caseId]),
    );
    return online ? { ok: true, online } : notFound();
  }

  private leaveCase(socket: HubSocket, caseId: string): void {
    const seats = socket.data.cases[caseId];
    if (!seats) return;
    delete socket.data.cases[caseId];
    this.fanout.unsubscribe(socket.id, caseId);
    socket.to(caseRoom(caseId)).emit('presence.changed', { caseId, seats, online: false });
  }

  private cutSlowConsumers(io: Server): void {
    for (const socket of io.sockets.sockets.values()) {
      const queued = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
      if (queued > SLOW_CONSUMER_PACKETS) {
        this.log.warn(`Disconnecting a slow consumer with ${queued} packets queued`);
        socket.disconnect(true);
      }
    }
  }
}
