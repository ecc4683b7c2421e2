import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Actor } from '@hub/domain';
import { AuditChannel, AuditEntry, AuditRepository, Db, DeliveryInterval, IntervalEnd } from '@hub/persistence';
import { Inject } from '@nestjs/common';
import { CLOCK, Clock } from '../common/clock';

/** A REST read waits for its row: write it almost at once. */
const URGENT_MS = 2;
/** Socket deliveries wait for nothing: gather them. */
const BACKGROUND_MS = 25;
/** How often this node says it is alive: an interval still open on a node silent for 30 s ends at its last word. */
const HEARTBEAT_MS = 10_000;

export interface AuditTarget {
  caseId: string | null;
  subjectType: string;
  subjectIds: readonly string[];
  action?: string;
  channel?: AuditChannel;
}

/**
 * Writes who read or received what. Rows are buffered for a few milliseconds and written in one INSERT;
 * a REST read awaits its row before answering, a socket delivery does not hold the broadcast for it.
 * Live socket deliveries of new messages are not rows: a subscription is an interval (`openInterval`,
 * `closeInterval`), and innsyn derives what it delivered from it and the event log.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly log = new Logger('Audit');
  private queue: { entry: AuditEntry; done: (e?: unknown) => void }[] = [];
  /** This window's delivery rows by (actor, case, subject type, channel): one row each, naming every subject. */
  private deliveries = new Map<string, AuditEntry>();
  private timer?: NodeJS.Timeout;
  private timerDue = Infinity;
  private flushing: Promise<void> = Promise.resolve();
  private opened: DeliveryInterval[] = [];
  private closed: IntervalEnd[] = [];
  /** This process, as named in its intervals and in hub_nodes. */
  readonly nodeId = randomUUID();
  private heartbeat?: NodeJS.Timeout;
  private nodeKnown = false;

  constructor(
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A socket subscribed: returns the interval's id, for `closeInterval`. Written in the background, like deliveries. */
  openInterval(i: Omit<DeliveryInterval, 'id' | 'nodeId' | 'startedAt'>): string {
    const id = randomUUID();
    this.opened.push({ ...i, id, nodeId: this.nodeId, startedAt: this.clock.now() });
    this.schedule(BACKGROUND_MS);
    return id;
  }

  /** The subscription ended (left, disconnected, re-seated) with `toSeq` the last sequence delivered to it. */
  closeInterval(id: string, toSeq: number): void {
    this.closed.push({ id, toSeq, endedAt: this.clock.now() });
    this.schedule(BACKGROUND_MS);
  }

  permit(actor: Pick<Actor, 'role' | 'sub'>, target: AuditTarget): Promise<void> {
    return this.record(actor, target, 'permit');
  }

  deny(actor: Pick<Actor, 'role' | 'sub'>, target: AuditTarget): Promise<void> {
    return this.record(actor, target, 'deny');
  }

  /**
   * Deliveries over sockets: nobody waits for these rows, so they gather for longer (fewer, larger commits under
   * fan-out load). They are still written within BACKGROUND_MS, and on shutdown.
   */
  delivered(actor: Pick<Actor, 'role' | 'sub'>, target: AuditTarget): void {
    const action = target.action ?? 'deliver';
    const channel = target.channel ?? 'socket';
    // Several deliveries to one person in one window make one row, at the first one's time.
    const key = JSON.stringify([actor.sub, actor.role, target.caseId, action, target.subjectType, channel]);
    const same = this.deliveries.get(key);
    if (same) {
      same.subjectIds.push(...target.subjectIds);
      return;
    }
    const entry = this.entry(actor, { ...target, action, channel }, 'permit');
    this.deliveries.set(key, entry);
    this.queue.push({ entry, done: () => undefined });
    this.schedule(BACKGROUND_MS);
  }

  record(actor: Pick<Actor, 'role' | 'sub'>, t: AuditTarget, decision: 'permit' | 'deny', withinMs = URGENT_MS): Promise<void> {
    const entry = this.entry(actor, t, decision);
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, done: (e) => (e ? reject(e instanceof Error ? e : new Error('The audit write failed')) : resolve()) });
      this.schedule(withinMs);
    });
  }

  private entry(actor: Pick<Actor, 'role' | 'sub'>, t: AuditTarget, decision: 'permit' | 'deny'): AuditEntry {
    return {
      at: this.clock.now(),
      actorId: actor.sub,
      actorRole: actor.role,
      caseId: t.caseId,
      action: t.action ?? 'read',
      subjectType: t.subjectType,
      subjectIds: [...t.subjectIds],
      decision,
      channel: t.channel ?? 'rest',
    };
  }

  /** The earliest deadline of what is queued decides when the batch goes. */
  private schedule(withinMs: number): void {
    const due = Date.now() + withinMs;
    if (this.timer && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => void this.flush(), withinMs);
  }

  /** Writes whatever is queued now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
    const batch = this.queue;
    this.queue = [];
    this.deliveries = new Map();
    const opened = this.opened;
    const closed = this.closed;
    this.opened = [];
    this.closed = [];
    if (batch.length === 0 && opened.length === 0 && closed.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      const repo = new AuditRepository(this.db);
      try {
        await repo.insertMany(batch.map((b) => b.entry));
        batch.forEach((b) => b.done());
      } catch (e) {
        this.log.error(`Audit write failed for ${batch.length} rows: ${e instanceof Error ? e.message : 'unknown'}`);
        batch.forEach((b) => b.done(e));
      }
      try {
        if (opened.length > 0 && !this.nodeKnown) await this.beat();
        // Opened before closed: an interval opened and closed within one window is written, then ended.
        await repo.openIntervals(opened);
        await repo.closeIntervals(closed);
      } catch (e) {
        this.log.error(`Delivery interval write failed: ${e instanceof Error ? e.message : 'unknown'}`);
      }
    });
    return this.flushing;
  }

  /** Tells hub_nodes this node is alive; from the first interval on, every HEARTBEAT_MS. */
  private async beat(stopped = false): Promise<void> {
    await new AuditRepository(this.db).nodeSeen(this.nodeId, this.clock.now(), stopped);
    if (this.nodeKnown) return;
    this.nodeKnown = true;
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    clearInterval(this.heartbeat);
    // Intervals still open end here (their sockets' leaves may not have run): innsyn bounds them by this moment.
    if (this.nodeKnown) await this.beat(true).catch(() => undefined);
  }
}
