import { Injectable } from '@nestjs/common';
import { CaseEvent } from '@hub/domain';

export type CaseEventListener = (events: readonly CaseEvent[]) => void;

/**
 * Committed case events, handed to whoever delivers them (the socket gateway). Publishing happens only
 * after the transaction that stored the events has committed (ARCHITECTURE guarantee 3).
 */
@Injectable()
export class CaseEventBus {
  private readonly listeners = new Set<CaseEventListener>();

  subscribe(listener: CaseEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly CaseEvent[]): void {
    if (events.length === 0) return;
    for (const l of this.listeners) l(events);
  }
}
