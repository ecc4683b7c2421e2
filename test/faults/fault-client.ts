import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { Actor } from '@hub/domain';

export interface Received {
  seq: number;
  type: string;
  messageId?: string;
}

interface PushedBatch {
  caseId: string;
  events: { seq: number; type: string; message?: { id?: string } }[];
}

type Ack = { ok: boolean; lastSeq?: number; refetch?: boolean; error?: { error: string } };

/**
 * A client as a real app would write one: it keeps the highest seq it has applied, and whenever its connection is
 * lost (dropped, node killed, subscribe refused) it reconnects to a node that answers and subscribes with
 * `after` = that seq. It records every pushed event, and anything pushed at or below what it already holds.
 */
export class FaultClient {
  lastApplied = 0;
  readonly received: Received[] = [];
  /** Events pushed again or out of order: must stay empty. */
  readonly anomalies: string[] = [];
  readonly counts = { connects: 0, connectErrors: 0, subscribes: 0, drops: 0, lostConnections: 0, refetches: 0 };
  /** Subscribe refusals by error code (`timeout` when no ack came). */
  readonly subscribeErrors = new Map<string, number>();
  private socket?: Socket;
  private subscribed?: Socket;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private readonly nodeOf = new WeakMap<Socket, string>();

  constructor(
    readonly name: string,
    readonly actor: Actor,
    readonly caseId: string,
    private readonly token: string,
    private readonly nodes: readonly string[],
    /** Fetches everything after a seq over REST, for a `refetch` answer. */
    private readonly refetch: (after: number) => Promise<{ events: PushedBatch['events']; lastSeq: number }>,
  ) {}

  start(node: number): void {
    this.connect(this.nodes[node % this.nodes.length]);
  }

  /** The socket when connected and subscribed, for sends. */
  get live(): Socket | undefined {
    return this.subscribed?.connected ? this.subscribed : undefined;
  }

  /** The user loses the connection; the app reconnects after `afterMs`, to whichever node the balancer picks. */
  drop(afterMs: number): void {
    const s = this.socket;
    if (!s || this.stopped) return;
    this.counts.drops++;
    this.forget(s);
    setTimeout(() => this.connect(this.pickNode()), afterMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.socket) this.forget(this.socket);
  }

  /** Waits (event-driven, no polling) until `test` holds; rejects with `what` after the timeout. */
  async until(test: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`${this.name}: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The node the current connection goes to. */
  get node(): string | undefined {
    return this.socket ? this.nodeOf.get(this.socket) : undefined;
  }

  get isSubscribed(): boolean {
    return this.live !== undefined;
  }

  private pickNode(): string {
    return this.nodes[Math.floor(Math.random() * this.nodes.length)];
  }

  private connect(url: string): void {
    if (this.stopped) return;
    const socket = io(url, { transports: ['websocket'], auth: { token: this.token }, reconnection: false, forceNew: true, timeout: 3000 });
    this.socket = socket;
    this.nodeOf.set(socket, url);
    socket.on('case.events', (batch: PushedBatch) => {
      if (socket === this.socket && batch.caseId === this.caseId) this.apply(batch.events);
    });
    socket.on('case.access_ended', () => this.anomalies.push('case.access_ended for a party whose relation never ended'));
    socket.once('connect', () => {
      this.counts.connects++;
      void this.subscribe(socket);
    });
    socket.once('connect_error', () => {
      this.counts.connectErrors++;
      this.retry(socket);
    });
    socket.once('disconnect', () => {
      if (socket === this.socket) this.counts.lostConnections++;
      this.retry(socket);
    });
  }

  private async subscribe(socket: Socket): Promise<void> {
    this.counts.subscribes++;
    let ack: Ack;
    try {
      ack = (await socket.timeout(5000).emitWithAck('case.subscribe', { caseId: this.caseId, after: this.lastApplied })) as Ack;
    } catch {
      ack = { ok: false, error: { error: 'timeout' } };
    }
    if (socket !== this.socket) return;
    if (ack.ok) {
      this.subscribed = socket;
      this.wake();
      return;
    }
    if (ack.refetch) {
      // Too far behind for a socket catch-up: reload over REST, then subscribe from there.
      this.counts.refetches++;
      try {
        for (let page = await this.refetch(this.lastApplied); ; page = await this.refetch(this.lastApplied)) {
          this.apply(page.events);
          if (page.events.length === 0 || this.lastApplied >= page.lastSeq) break;
        }
      } catch {
        // the next connection tries again
      }
    } else {
      const code = ack.error?.error ?? 'unknown';
      this.subscribeErrors.set(code, (this.subscribeErrors.get(code) ?? 0) + 1);
    }
    this.retry(socket);
  }

  private apply(events: PushedBatch['events']): void {
    for (const e of events) {
      if (e.seq <= this.lastApplied) {
        this.anomalies.push(`seq ${e.seq} (${e.type}) pushed while holding ${this.lastApplied}`);
        continue;
      }
      this.received.push({ seq: e.seq, type: e.type, messageId: e.message?.id });
      this.lastApplied = e.seq;
    }
    this.wake();
  }

  /** This connection is over: reconnect after a short back-off, to a random node (one may be down). */
  private retry(socket: Socket): void {
    if (socket !== this.socket || this.stopped) return;
    this.forget(socket);
    setTimeout(() => this.connect(this.pickNode()), 50 + Math.random() * 250);
  }

  private forget(socket: Socket): void {
    if (this.socket === socket) this.socket = undefined;
    if (this.subscribed === socket) this.subscribed = undefined;
    socket.removeAllListeners();
    socket.close();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}
