import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { Actor, CaseEvent, DomainError, RateLimited, Seat } from '@hub/domain';
import { onlineSeats, typingSignal } from '@hub/access';
import { bearerToken } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import { toErrorBody } from '../common/error.filter';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { CaseEventBus } from '../events/case-event-bus';
import { SocketCap } from '../limits/socket-cap';
import { MetricsService } from '../metrics/metrics.service';
import { MessagesService } from '../threads/messages.service';
import { ReadMarkersService } from '../threads/read-markers.service';
import { CaseFanout, seatRoom } from './case-fanout.service';
import { CasePayload, ReadPayload, SubscribePayload, ThreadPayload } from './dto/socket-payloads.dto';
import { StrikeCounter, TokenBucket } from './rate-limiter';
import { parsePayload, parseSendPayload } from './socket-validation';

const CLUSTER_EVENT = 'hub:committed';
/** A node whose Redis connection came back tells the others: events it published meanwhile may not have reached them. */
const RESYNC_EVENT = 'hub:resync';
/** Packets queued for one client past which it is cut off; it resumes from its last sequence when it reconnects. */
const SLOW_CONSUMER_PACKETS = 2000;
const MAX_TIMER_MS = 2_147_483_647;

interface SocketData {
  actor: Actor;
  expiresAt: number;
  cases: Record<string, Seat[]>;
}
type HubSocket = Socket & { data: SocketData };
type Ack = (response: unknown) => void;

type Serialized = Omit<CaseEvent, 'at'> & { at: string };

/**
 * The socket protocol (documented in the README): authenticated at the handshake, then per case
 * `case.subscribe` with the last sequence held, `case.events` pushes, and acknowledged writes.
 */
@WebSocketGateway()
export class CaseEventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() io!: Server;
  private readonly log = new Logger('Sockets');
  private unsubscribeBus?: () => void;
  private slowTimer?: NodeJS.Timeout;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly fanout: CaseFanout,
    private readonly bus: CaseEventBus,
    private readonly messages: MessagesService,
    private readonly readMarkers: ReadMarkersService,
    private readonly metrics: MetricsService,
    private readonly cap: SocketCap,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  afterInit(io: Server): void {
    this.fanout.attach(io);
    // Nest guards do not run on a socket.io connection: the token is checked here, once, at the handshake.
    io.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const token = typeof auth?.token === 'string' ? auth.token : bearerToken(socket.handshake.headers.authorization);
      if (!token) return next(new Error('unauthorized'));
      this.verifier.verify(token).then(
        async ({ actor, expiresAt }) => {
          if (!(await this.cap.acquire(actor.sub, socket.id))) {
            // The client's connect_error carries the one error shape in `data`.
            const refused = Object.assign(new Error('rate_limited'), { data: toErrorBody(new RateLimited('Too many open sockets for this person')).body });
            return next(refused);
          }
          Object.assign(socket.data as SocketData, { actor, expiresAt, cases: {} });
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
    this.cap.watch((id) => io.sockets.sockets.has(id));
    const clustered = this.config.redisUrl !== undefined;
    this.unsubscribeBus = this.bus.subscribe((batch) => {
      this.fanout.onCommitted(batch);
      // Other nodes get the events (ids and kinds, no content) and render them for their own sockets.
      if (clustered) io.serverSideEmit(CLUSTER_EVENT, batch.events.map((e) => ({ ...e, at: e.at.toISOString() })));
    });
    if (clustered) {
      io.on(CLUSTER_EVENT, (events: Serialized[]) => this.fanout.onCommitted({ events: events.map((e) => ({ ...e, at: new Date(e.at) })), messages: [] }));
      io.on(RESYNC_EVENT, () => this.fanout.resync());
    }
    this.slowTimer = setInterval(() => this.cutSlowConsumers(io), 1000);
    this.slowTimer.unref();
  }

  /**
   * Redis is back after an outage: whatever crossed nodes meanwhile was lost with it. This node reads what it missed
   * from the event log, and asks the others to do the same for what it published while the link was down.
   */
  clusterLinkRestored(): void {
    this.fanout.resync();
    this.io.serverSideEmit(RESYNC_EVENT);
  }

  handleConnection(socket: HubSocket): void {
    const { actor, expiresAt } = socket.data;
    if (!actor) return void socket.disconnect(true);
    this.metrics.sockets.inc();
    // A token that expires while connected ends the socket; the client reconnects with a fresh one and resumes.
    const expiry = setTimeout(() => {
      socket.emit('session.expired');
      // A namespace disconnect goes out after the packet above; closing the transport could drop it.
      socket.disconnect();
    }, Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
    expiry.unref();
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      this.cap.release(socket.id);
    });

    const { messagesPerSecond, catchUpPerMinute, rateLimitStrikes, strikeWindowSeconds } = this.config.socket;
    const sends = new TokenBucket(messagesPerSecond, messagesPerSecond * 2);
    const signals = new TokenBucket(messagesPerSecond * 2, messagesPerSecond * 4);
    // Replayed events are the costliest thing a socket can ask for: a budget per minute, past which it pages over REST.
    const catchUp = new TokenBucket(catchUpPerMinute / 60, catchUpPerMinute);
    const strikes = new StrikeCounter(rateLimitStrikes, strikeWindowSeconds * 1000);
    const on = (event: string, bucket: TokenBucket, handler: (payload: unknown) => Promise<unknown>) => {
      socket.on(event, async (...args: unknown[]) => {
        // The callback, when given, is the last argument; exactly one payload must come before it.
        const reply: Ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack) : () => undefined;
        const payload = args.length === 1 ? args[0] : undefined;
        if (!bucket.take()) {
          reply({ ok: false, error: toErrorBody(new RateLimited()).body });
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
          if (body.error === 'internal') this.log.error(e instanceof Error ? e.stack ?? e.message : 'socket handler failed');
          reply({ ok: false, error: body });
        }
      });
    };

    on('case.subscribe', signals, async (payload) => {
      const p = await parsePayload(SubscribePayload, payload);
      const ack = await this.fanout.subscribe(socket, actor, p.caseId, p.after, (events) => catchUp.take(events));
      if (ack.ok) {
        socket.data.cases[p.caseId] = ack.seats;
        socket.to(`c:${p.caseId}`).emit('presence.changed', { caseId: p.caseId, seats: ack.seats, online: true });
        return { ok: true, lastSeq: ack.lastSeq };
      }
      return ack;
    });
    on('case.unsubscribe', signals, async (payload) => {
      const p = await parsePayload(CasePayload, payload);
      this.leaveCase(socket, p.caseId);
      return { ok: true };
    });
    on('message.send', sends, async (payload) => {
      const arrivedAt = performance.now();
      const p = await parseSendPayload(payload);
      const known = this.fanout.resolvedFor(p.caseId, socket.id);
      const { view, created } = await this.messages.send(actor, p.caseId, p.threadId, p, 'socket', known);
      this.metrics.socketSend.observe((performance.now() - arrivedAt) / 1000);
      return { ok: true, created, message: view };
    });
    on('receipt.read', signals, async (payload) => {
      const p = await parsePayload(ReadPayload, payload);
      return { ok: true, markers: await this.readMarkers.mark(actor, p.caseId, p.threadId, p.upToSeq) };
    });
    on('typing', signals, async (payload) => {
      const p = await parsePayload(ThreadPayload, payload);
      const signal = typingSignal(this.fanout.cachedAccess(p.caseId), this.fanout.seatsOfSubscriber(p.caseId, socket.id), p.threadId);
      if (!signal) return { ok: false, error: toErrorBody(new DomainError('not_found', 'Not found')).body };
      socket.to(signal.to.map((s) => seatRoom(p.caseId, s))).emit('typing', { caseId: p.caseId, threadId: p.threadId, seat: signal.seat });
      return { ok: true };
    });
    on('presence.get', signals, async (payload) => {
      const p = await parsePayload(CasePayload, payload);
      const asker = socket.data.cases[p.caseId];
      const sockets = asker ? await this.io.in(`c:${p.caseId}`).fetchSockets() : [];
      const online = onlineSeats(asker, sockets.map((s) => (s.data as SocketData).cases?.[p.caseId]));
      if (!online) return { ok: false, error: toErrorBody(new DomainError('not_found', 'Not found')).body };
      return { ok: true, online };
    });
  }

  handleDisconnect(socket: HubSocket): void {
    if (!socket.data.actor) return;
    this.metrics.sockets.dec();
    for (const caseId of Object.keys(socket.data.cases ?? {})) this.leaveCase(socket, caseId);
  }

  onModuleDestroy(): void {
    this.unsubscribeBus?.();
    clearInterval(this.slowTimer);
  }

  private leaveCase(socket: HubSocket, caseId: string): void {
    const seats = socket.data.cases[caseId];
    if (!seats) return;
    delete socket.data.cases[caseId];
    this.fanout.unsubscribe(socket.id, caseId);
    socket.to(`c:${caseId}`).emit('presence.changed', { caseId, seats, online: false });
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
