import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Actor, Busy, CaseEvent, Invalid, Message, NotFound, Unavailable } from '@hub/domain';
import { AuditChannel, Db, isFileNotPending, isStatementTimeout, isUniqueViolation, MessageRepository } from '@hub/persistence';
import { AuditService } from '../audit/audit.service';
import { HubConfig } from '../config/config';
import { HUB_CONFIG } from '../config/config.module';
import { WRITER_CONNECTIONS, WRITER_DB } from '../database/database.module';
import { CaseEventBus } from '../events/case-event-bus';
import { MetricsService } from '../metrics/metrics.service';
import { PENDING_UPLOAD_MESSAGE } from '../files/pending-attachments';

export interface WriteResult {
  message: Message;
  /** False when the (sender, clientTxnId) was stored before: the first result is given back. */
  created: boolean;
}

interface Pending {
  message: Message;
  actor: Actor;
  channel: AuditChannel;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
  /** performance.now() when queued. */
  queuedAt: number;
  /** performance.now() past which, still queued, it is answered `busy` and dropped. */
  deadlineAt: number;
}

const MAX_BATCH = 500;
/**
 * Batches written at once, each on one of the writer's own connections. Each holds cases no other batch in flight
 * holds, so a case's messages still commit in order.
 */
const MAX_IN_FLIGHT = WRITER_CONNECTIONS;

/**
 * Group commit for new messages. Sends that arrive while writes are in flight are written together in the next one,
 * in one round trip (`hub_write_messages`): message rows, their events with gap-free sequence numbers, and audit rows.
 * Each sender is answered, and events are fanned out, only after that commit (ARCHITECTURE guarantees 3, 4).
 * Up to MAX_IN_FLIGHT batches run side by side over disjoint sets of cases: a send to another case need not wait
 * for the commit (and its WAL flush) in flight, while one case's sends keep their order.
 * The write itself checks that the sender still holds the seat (active relation, thread participant), under the
 * case lock: the last word on access, after whatever (possibly cached) check the caller made.
 * The queue is bounded (ARCHITECTURE, performance shape): past its capacity, or while the database is stalled, a send
 * that has not entered a batch within the write deadline of its arrival, or that finds the queue full, is answered
 * `busy` at once and taken out of the queue, so it is never stored after that answer. A send already in a batch waits
 * for it; the writer's connections cancel a statement that runs past twice the deadline, which rolls the batch back,
 * and only then are its senders answered `busy`.
 */
@Injectable()
export class MessageWriter implements OnApplicationShutdown {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Cases in a batch in flight: their later sends wait for it. */
  private readonly busyCases = new Set<string>();
  private scheduled = false;
  /** One timer, for the soonest deadline of the sends queued. */
  private expiry?: NodeJS.Timeout;
  private readonly deadlineMs: number;
  private readonly queueMax: number;

  constructor(
    @Inject(WRITER_DB) private readonly db: Db,
    private readonly bus: CaseEventBus,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.deadlineMs = config.messages.writeDeadlineMs;
    this.queueMax = config.messages.writeQueueMax;
  }

  /**
   * Resolves once committed; rejects with NotFound when the sender no longer holds the seat the message is sent from,
   * and with Busy (nothing stored, ever) when it could not enter a batch within the deadline counted from `receivedAt`
   * (performance.now() when the send reached the hub), or its batch was cancelled by the writer's statement timeout.
   */
  write(message: Message, actor: Actor, channel: AuditChannel = 'rest', receivedAt = performance.now()): Promise<WriteResult> {
    // The database is known to be away: answer now rather than queue a send that can only fail.
    if (!this.db.available) return Promise.reject(new Unavailable());
    const queuedAt = performance.now();
    const deadlineAt = receivedAt + this.deadlineMs;
    const full = this.queue.length >= this.queueMax;
    if (full || deadlineAt <= queuedAt) {
      this.metrics.writeBusy.inc({ reason: full ? 'queue_full' : 'deadline' });
      return Promise.reject(this.busy());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ message, actor, channel, resolve, reject, queuedAt, deadlineAt });
      this.armExpiry();
      this.schedule();
    });
  }

  /** Sends still waiting; for tests and the queue bound. */
  get queued(): number {
    return this.queue.length;
  }

  /** The retry hint: a stall or a backlog is not over in less than one deadline. */
  private busy(): Busy {
    return new Busy(this.deadlineMs);
  }

  private armExpiry(): void {
    if (this.expiry || this.queue.length === 0) return;
    // Deadlines count from arrival, so the queue's order is nearly theirs: the soonest is found, not assumed first.
    const soonest = this.queue.reduce((at, p) => Math.min(at, p.deadlineAt), Infinity);
    this.expiry = setTimeout(() => this.expire(), Math.max(0, soonest - performance.now()));
    // A deadline keeps no process alive: the sends it guards do, until answered.
    this.expiry.unref();
  }

  /** Answers `busy` to every send still queued past its deadline, taking it out first so no batch can pick it up. */
  private expire(): void {
    this.expiry = undefined;
    const now = performance.now();
    const late = this.queue.filter((p) => p.deadlineAt <= now);
    if (late.length > 0) {
      this.queue = this.queue.filter((p) => p.deadlineAt > now);
      this.metrics.writeBusy.inc({ reason: 'deadline' }, late.length);
      const busy = this.busy();
      for (const p of late) p.reject(busy);
    }
    this.armExpiry();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One turn of the event loop lets a burst of sends arrive before a batch is cut.
    setImmediate(() => {
      this.scheduled = false;
      this.launch();
    });
  }

  /** Cuts batches while there is room: each takes, in arrival order, the waiting sends of cases no batch in flight holds. */
  private launch(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch: Pending[] = [];
      const waiting: Pending[] = [];
      const cases = new Set<string>();
      for (const p of this.queue) {
        const caseId = p.message.caseId;
        // A full batch leaves the rest waiting in order; its cases turn busy below, so none of their sends overtake it.
        if (batch.length < MAX_BATCH && !this.busyCases.has(caseId)) {
          batch.push(p);
          cases.add(caseId);
        } else {
          waiting.push(p);
        }
      }
      if (batch.length === 0) return;
      this.queue = waiting;
      cases.forEach((c) => this.busyCases.add(c));
      this.inFlight++;
      const startedAt = performance.now();
      for (const p of batch) this.metrics.writeWait.observe((startedAt - p.queuedAt) / 1000);
      this.metrics.writeBatchSize.observe(batch.length);
      void this.run(batch)
        .catch((e: unknown) => batch.forEach((p) => p.reject(e)))
        .finally(() => {
          cases.forEach((c) => this.busyCases.delete(c));
          this.inFlight--;
          if (this.queue.length > 0) this.schedule();
        });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    await this.commit(batch).catch(async (e: unknown) => {
      // The database, not a row, failed: every sender hears so at once (each retries with its clientTxnId), instead
      // of waiting while the others are retried one by one against a database that is not there.
      if (e instanceof Unavailable) throw e;
      // The batch outlived the writer's statement timeout (a stalled database) and was rolled back: nothing is stored.
      if (isStatementTimeout(e)) {
        this.metrics.writeBusy.inc({ reason: 'statement_timeout' }, batch.length);
        throw this.busy();
      }
      // One bad row must not fail its neighbours: retry each alone, so only the culprit gets the error.
      if (batch.length === 1) return this.settleFailure(batch[0], e);
      let outage: Unavailable | undefined;
      for (const p of batch) {
        if (outage) p.reject(outage);
        else
          await this.commit([p]).catch((err: unknown) =>
            err instanceof Unavailable
              ? p.reject((outage = err))
              : isStatementTimeout(err)
                ? p.reject(this.busy())
                : this.settleFailure(p, err),
          );
      }
    });
  }

  /** One round trip for the whole batch; then each sender is answered and the new events go out. */
  private async commit(batch: Pending[]): Promise<void> {
    const repo = new MessageRepository(this.db);
    const startedAt = performance.now();
    const outcomes = await repo.writeBatch(batch.map((p) => ({ message: p.message, channel: p.channel, senderEnhet: p.actor.enhet })));
    this.metrics.writeDuration.observe((performance.now() - startedAt) / 1000);
    const inBatch = new Map<string, Message>();
    outcomes.forEach((o, i) => {
      if (o.outcome !== 'denied' && o.id === batch[i].message.id) inBatch.set(o.id, { ...batch[i].message, seq: o.seq });
    });
    // Stored before this batch (a retry after a lost ack): read back as it was stored, to answer with the first result.
    const earlier = outcomes.flatMap((o) => (o.outcome !== 'denied' && !inBatch.has(o.id) ? [o.id] : []));
    const before = new Map((await repo.findMany(earlier)).map((m) => [m.id, m]));
    const created: Message[] = [];
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.outcome === 'denied') {
        // The seat was lost after the caller's check (relation ended, seat removed): the same answer as a hidden thread.
        void this.audit
          .deny(p.actor, { caseId: p.message.caseId, subjectType: 'Thread', subjectIds: [p.message.threadId], channel: p.channel })
          .catch(() => undefined)
          .then(() => p.reject(new NotFound()));
        return;
      }
      const message = inBatch.get(o.id) ?? before.get(o.id)!;
      if (o.outcome === 'created') created.push(message);
      p.resolve({ message, created: o.outcome === 'created' });
    });
    const events: CaseEvent[] = created.map((m) => ({
      caseId: m.caseId,
      seq: m.seq,
      type: 'message.created',
      threadId: m.threadId,
      refId: m.id,
      actorId: m.senderId,
      audience: null,
      payload: {},
      at: m.sentAt,
    }));
    this.bus.publish(events, created);
  }

  private async settleFailure(p: Pending, e: unknown): Promise<void> {
    // Another node stored the same (sender, clientTxnId) between our look-up and our insert: give back that one.
    if (isUniqueViolation(e)) {
      const [m] = await new MessageRepository(this.db).findByClientTxn([p.message]);
      if (m) return p.resolve({ message: m, created: false });
    }
    // Another send attached the same pending file first (its check passed before either was written): the same
    // refusal the check gives, not a 500.
    if (isFileNotPending(e)) return p.reject(new Invalid('attachments', 'pendingUpload', PENDING_UPLOAD_MESSAGE));
    p.reject(e);
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    clearTimeout(this.expiry);
  }
}
