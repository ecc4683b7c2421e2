import { Injectable } from '@nestjs/common';
import { CaseEvent, Message } from '@hub/domain';

/** Committed events, with the messages they refer to when the publisher has them in memory. */
export interface CommittedEvents {
  events: readonly CaseEvent[];
  messages: readonly Message[];
}

export type CaseEventListener = (batch: CommittedEvents) => void;

/**
 * Committed case events, handed to whoever delivers them (the socket fan-out). Publishing happens only
 * after the transaction that stored the events has committed (ARCHITECTURE guarantee 3).
 */
@Injectable()
export class CaseEventBus {
  private readonly listeners = new Set<CaseEventListener>();

  subscribe(listener: CaseEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly CaseEvent[], messages: readonly Message[] = []): void {
    if (events.length === 0) return;
    for (const l of this.listeners) l({ events, messages });
  }
}
