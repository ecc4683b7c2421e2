import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { CaseEvent, Message, NewCaseEvent, Role } from '@hub/domain';
import { AuditChannel, AuditRepository, Db, EventRepository, isUniqueViolation, MessageRepository } from '@hub/persistence';
import { CaseEventBus } from '../events/case-event-bus';

export interface WriteResult {
  message: Message;
  /** False when the (sender, clientTxnId) was stored before: the first result is given back. */
  created: boolean;
}

interface Pending {
  message: Message;
  actorRole: Role;
  channel: AuditChannel;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Group commit for new messages. Sends that arrive while a transaction is in flight are written together in
 * the next one: message rows, their events with gap-free sequence numbers, and audit rows, in one commit.
 * Each sender is answered, and events are fanned out, only after that commit (ARCHITECTURE guarantees 3, 4).
 */
@Injectable()
export class MessageWriter implements OnApplicationShutdown {
  private queue: Pending[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly bus: CaseEventBus,
  ) {}

  write(message: Message, actorRole: Role, channel: AuditChannel = 'rest'): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, actorRole, channel, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // One turn of the event loop lets a burst of sends arrive before the first commit.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commit(batch).catch(async (e: unknown) => {
          // One bad row must not fail its neighbours: retry each alone, so only the culprit gets the error.
          if (batch.length === 1) return this.settleFailure(batch[0], e);
          for (const p of batch) await this.commit([p]).catch((err: unknown) => this.settleFailure(p, err));
        });
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const outcome = await this.db.transaction(async (tx) => {
      const messages = new MessageRepository(tx);
      const key = (m: Pick<Message, 'senderId' | 'clientTxnId'>) => `${m.senderId}\u0000${m.clientTxnId}`;
      const existing = new Map((await messages.findByClientTxn(batch.map((p) => p.message))).map((m) => [key(m), m]));
      const fresh: Pending[] = [];
      const firstInBatch = new Map<string, Pending>();
      for (const p of batch) {
        const k = key(p.message);
        if (existing.has(k) || firstInBatch.has(k)) continue;
        firstInBatch.set(k, p);
        fresh.push(p);
      }
      const newEvents: NewCaseEvent[] = fresh.map(({ message: m }) => ({
        caseId: m.caseId, type: 'message.created', threadId: m.threadId, refId: m.id, actorId: m.senderId, audience: null, payload: {}, at: m.sentAt,
      }));
      const events = await new EventRepository(tx).append(newEvents);
      const stored = fresh.map((p, i) => ({ ...p.message, seq: events[i].seq }));
      await messages.insertMany(stored);
      await new AuditRepository(tx).insertMany(
        fresh.map((p, i) => ({
          at: p.message.sentAt, actorId: p.message.senderId, actorRole: p.actorRole, caseId: p.message.caseId, action: 'write',
          subjectType: 'Message', subjectIds: [stored[i].id], decision: 'permit' as const, channel: p.channel,
        })),
      );
      const storedByKey = new Map(stored.map((m) => [key(m), m]));
      return { events, existing, storedByKey };
    });
    this.settle(batch, outcome.existing, outcome.storedByKey, outcome.events);
  }

  private settle(batch: Pending[], existing: Map<string, Message>, stored: Map<string, Message>, events: CaseEvent[]): void {
    for (const p of batch) {
      const k = `${p.message.senderId}\u0000${p.message.clientTxnId}`;
      const before = existing.get(k);
      if (before) p.resolve({ message: before, created: false });
      else {
        const m = stored.get(k)!;
        // A duplicate inside the same batch gets the first one's result, as a repeat.
        p.resolve({ message: m, created: m.id === p.message.id });
      }
    }
    this.bus.publish(events, [...stored.values()]);
  }

  private async settleFailure(p: Pending, e: unknown): Promise<void> {
    // Another node stored the same (sender, clientTxnId) between our look-up and our insert: give back that one.
    if (isUniqueViolation(e)) {
      const [m] = await new MessageRepository(this.db).findByClientTxn([p.message]);
      if (m) return p.resolve({ message: m, created: false });
    }
    p.reject(e);
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }
}
