import type { Logger } from '@nestjs/common';
import { type CaseEvent, DomainError, type Message, Unavailable } from '@hub/domain';

const CATCH_UP_PAGE = 1000;
const GAP_WAIT_MS = 100;
/** After a failed read (a cut database connection), the case's chain tries again this much later. */
const RETRY_MS = 200;

export { CATCH_UP_PAGE };

/** What the stream hands its batches to. */
export interface StreamSink {
  /** Reads what a batch needs before it goes out (access after an access event, the messages it names). A throw makes the batch wait and be tried again. */
  prepare(batch: readonly CaseEvent[], known: ReadonlyMap<string, Message>): Promise<Map<string, Message>>;
  deliver(batch: readonly CaseEvent[], messages: ReadonlyMap<string, Message>): void;
  /** Seconds the batch's oldest event waited between arriving and going out. */
  delayed(seconds: number): void;
  /** The events after `after`, from the event log. */
  readLog(after: number, limit: number): Promise<CaseEvent[]>;
}

/**
 * One case's events, in order, exactly once: it keeps the last sequence delivered, holds events that arrive ahead of a
 * gap, fills a gap from the event log when the missing event does not follow soon, and retries a batch whose read
 * failed. Every task for the case (deliveries, access reloads, catch-ups) runs in its one chain, one at a time.
 */
export class CaseStream {
  ready = false;
  lastSeq = 0;
  /** Set when the case is forgotten (its last subscriber left): tasks still in its chain deliver nothing. */
  closed = false;
  /** Events received ahead of `lastSeq + 1`, waiting for the ones before them. */
  private readonly pending = new Map<number, CaseEvent>();
  /** performance.now() when the oldest undelivered event arrived (for the fan-out delay metric). */
  private waitingSince?: number;
  /** Messages that came with their events from this node, so they need not be read. */
  readonly known = new Map<string, Message>();
  private chain: Promise<unknown> = Promise.resolve();
  private gapTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    readonly caseId: string,
    private readonly sink: StreamSink,
    private readonly log: Logger,
  ) {}

  /** Runs `task` after every task before it in this case's chain. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch((e: unknown) => {
      // A refused subscription (no seat in the case) is an expected answer, already audited: no error, no stack. An
      // outage is logged once by the database's circuit; its retries here would log it five times a second per case.
      if (e instanceof Unavailable) return;
      if (e instanceof DomainError) this.log.debug(`Case ${this.caseId}: ${e.code}`);
      else this.log.error(`Case ${this.caseId}: ${e instanceof Error ? e.stack : String(e)}`);
    });
    return run;
  }

  /** Committed events (and the messages they refer to, when known) from this node or another. */
  offer(events: readonly CaseEvent[], messages: readonly Message[]): void {
    for (const e of events) {
      if (this.ready && e.seq <= this.lastSeq) continue;
      this.pending.set(e.seq, e);
      this.waitingSince ??= performance.now();
    }
    for (const m of messages) if (m.caseId === this.caseId) this.known.set(m.id, m);
    void this.enqueue(() => this.drain());
  }

  /** The case's access was read: delivery starts after `lastSeq`. */
  open(lastSeq: number): Promise<void> {
    this.lastSeq = lastSeq;
    this.ready = true;
    return this.drain();
  }

  /** Runs `task` in the case's chain a little later, once (a task already waiting covers it). */
  retryLater(task: () => Promise<void>): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) void this.enqueue(task);
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  async drain(): Promise<void> {
    // A forgotten stream (its last subscriber left) may still have a retry or a fill in its chain: it delivers nothing,
    // or it would push events into rooms that a newer stream for the same case already serves.
    if (!this.ready || this.closed) return;
    const batch: CaseEvent[] = [];
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      batch.push(next);
      this.lastSeq = next.seq;
    }
    for (const seq of this.pending.keys()) if (seq <= this.lastSeq) this.pending.delete(seq);
    this.watchGap();
    if (batch.length === 0) return;
    let messages: Map<string, Message>;
    try {
      messages = await this.sink.prepare(batch, this.known);
    } catch (e) {
      // A read failed (database connection cut) before anything went out: the batch waits and is tried again, so no
      // subscriber on this node misses it.
      for (const ev of batch) this.pending.set(ev.seq, ev);
      this.lastSeq = batch[0].seq - 1;
      this.retryLater(() => this.drain());
      throw e;
    }
    if (this.waitingSince !== undefined) this.sink.delayed((performance.now() - this.waitingSince) / 1000);
    // Events still pending (behind a gap) have waited since before this delivery; later ones start a new wait.
    this.waitingSince = this.pending.size > 0 ? this.waitingSince : undefined;
    this.sink.deliver(batch, messages);
    for (const m of messages.keys()) this.known.delete(m);
  }

  /** Reads what follows the last delivered sequence from the log and delivers it as if it had arrived. */
  async fillFromLog(): Promise<void> {
    if (!this.ready || this.closed) return;
    for (let page = CATCH_UP_PAGE; page === CATCH_UP_PAGE;) {
      const missing = await this.sink.readLog(this.lastSeq, CATCH_UP_PAGE);
      page = missing.length;
      for (const e of missing) if (e.seq > this.lastSeq) this.pending.set(e.seq, e);
      if (missing.length > 0) this.waitingSince ??= performance.now();
      await this.drain();
    }
  }

  /** Events may have been lost on the way (Redis was away): fill from the log, retrying until it can be read. */
  resync(): void {
    const fill = (): Promise<void> =>
      this.fillFromLog().catch((e: unknown) => {
        this.retryLater(fill);
        throw e;
      });
    void this.enqueue(fill);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.gapTimer);
    clearTimeout(this.retryTimer);
  }

  /** A later event arrived before an earlier one; if the earlier one does not follow soon, read it from the log. */
  private watchGap(): void {
    if (this.pending.size === 0 || this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      void this.enqueue(() =>
        this.fillFromLog().catch((e: unknown) => {
          this.watchGap();
          throw e;
        }),
      );
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }
}
