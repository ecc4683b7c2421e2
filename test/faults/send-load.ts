import { randomUUID } from 'node:crypto';
import { Actor } from '@hub/domain';
import { FaultClient } from './fault-client';
import { RemoteApi } from './remote-api';

export interface SendRecord {
  caseId: string;
  threadId: string;
  actor: Actor;
  clientTxnId: string;
  tekst: string;
  attempts: number;
  /** Why each failed attempt failed: `rest 500`, `rest network`, `socket timeout`, `socket internal`, ... */
  errors: string[];
  acked?: { id: string; seq: number; created: boolean; via: 'rest' | 'socket' };
  /** Still not acked at the deadline: the message counts as lost. */
  gaveUp?: boolean;
}

interface MessageAck {
  ok: boolean;
  created?: boolean;
  message?: { id: string; seq: number };
  error?: { error: string };
}

const ATTEMPT_TIMEOUT_MS = 4000;

/**
 * Sends as a real client does: its own clientTxnId, over the socket when it has one or REST to any node, and on an
 * error or a timeout the same clientTxnId again (over either channel) until an ack, or until the deadline.
 */
export class SendLoad {
  readonly sends: SendRecord[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: RemoteApi,
    private readonly nodes: readonly string[],
    private readonly clientOf: (caseId: string, actor: Actor) => FaultClient | undefined,
    private readonly deadlineMs: number,
  ) {}

  send(caseId: string, threadId: string, actor: Actor, tekst: string, preferSocket: boolean): void {
    const s: SendRecord = { caseId, threadId, actor, clientTxnId: `ft-${randomUUID()}`, tekst, attempts: 0, errors: [] };
    this.sends.push(s);
    const task = this.untilAcked(s, preferSocket).finally(() => this.running.delete(task));
    this.running.add(task);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Resolves when every send has been acked or given up. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async untilAcked(s: SendRecord, preferSocket: boolean): Promise<void> {
    const deadline = Date.now() + this.deadlineMs;
    for (let viaSocket = preferSocket; ; viaSocket = Math.random() < 0.5) {
      s.attempts++;
      if (await this.attempt(s, viaSocket)) return;
      if (Date.now() > deadline) {
        s.gaveUp = true;
        return;
      }
      // Back off a little, as a client would, before sending the same clientTxnId again.
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
  }

  private async attempt(s: SendRecord, viaSocket: boolean): Promise<boolean> {
    const socket = viaSocket ? this.clientOf(s.caseId, s.actor)?.live : undefined;
    if (socket) {
      try {
        const ack = (await socket.timeout(ATTEMPT_TIMEOUT_MS).emitWithAck('message.send', { caseId: s.caseId, threadId: s.threadId, clientTxnId: s.clientTxnId, tekst: s.tekst })) as MessageAck;
        if (ack.ok && ack.message) {
          s.acked = { id: ack.message.id, seq: ack.message.seq, created: ack.created === true, via: 'socket' };
          return true;
        }
        s.errors.push(`socket ${ack.error?.error ?? 'no message'}`);
      } catch {
        s.errors.push('socket timeout');
      }
      return false;
    }
    const node = this.nodes[Math.floor(Math.random() * this.nodes.length)];
    try {
      const a = await this.api.call(node, s.actor, 'POST', `/cases/${s.caseId}/threads/${s.threadId}/messages`, { clientTxnId: s.clientTxnId, tekst: s.tekst }, ATTEMPT_TIMEOUT_MS);
      const m = a.body as { id?: string; seq?: number };
      if ((a.status === 201 || a.status === 200) && m.id && m.seq) {
        s.acked = { id: m.id, seq: m.seq, created: a.status === 201, via: 'rest' };
        return true;
      }
      s.errors.push(`rest ${a.status}`);
    } catch (e) {
      s.errors.push(`rest ${e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'network'}`);
    }
    return false;
  }
}
