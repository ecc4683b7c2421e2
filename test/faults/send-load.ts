import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { FaultClient } from './fault-client';
import type { RemoteApi } from './remote-api';

export interface SendRecord {
  caseId: string;
  threadId: string;
  actor: Actor;
  clientTxnId: string;
  tekst: string;
  attempts: number;
  /** Why each failed attempt failed: `rest 503 busy`, `rest 500 internal`, `rest network`, `socket timeout`, `socket unavailable`, ... */
  errors: string[];
  acked?: { id: string; seq: number; created: boolean; via: 'rest' | 'socket'; node: string };
  /**
   * Every attempt: when it went out and was answered (Date.now()), the node it went to, whether it was an ack, and if
   * not, why and how long the hub asked the client to wait before the next (`retryAfterMs`, or REST `retry-after`).
   */
  tries: { sentAt: number; answeredAt: number; node: string; ok: boolean; error?: string; retryAfterMs?: number }[];
  /** Still not acked at the deadline: the message counts as lost. */
  gaveUp?: boolean;
}

interface MessageAck {
  ok: boolean;
  created?: boolean;
  message?: { id: string; seq: number };
  error?: { error: string; retryAfterMs?: number };
}

interface Attempt {
  ok: boolean;
  node: string;
  retryAfterMs?: number;
}

const ATTEMPT_TIMEOUT_MS = 4000;

/**
 * Sends as a real client does: its own clientTxnId, over the socket when it has one or REST to any node, and on an
 * error or a timeout the same clientTxnId again (over either channel) until an ack, or until the deadline. A refusal
 * that says when to come back (`busy`, `unavailable`, `rate_limited`) is honoured, with jitter, instead of hammering.
 */
export class SendLoad {
  readonly sends: SendRecord[] = [];
  private readonly running = new Map<Promise<void>, SendRecord>();
  /** REST sends of a case go to this node instead of a random one (a test that needs to know where a case is written). */
  readonly restNodeOf = new Map<string, string>();

  constructor(
    private readonly api: RemoteApi,
    private readonly nodes: readonly string[],
    private readonly clientOf: (caseId: string, actor: Actor) => FaultClient | undefined,
    private readonly deadlineMs: number,
  ) {}

  send(caseId: string, threadId: string, actor: Actor, tekst: string, preferSocket: boolean): void {
    const s: SendRecord = { caseId, threadId, actor, clientTxnId: `ft-${randomUUID()}`, tekst, attempts: 0, errors: [], tries: [] };
    this.sends.push(s);
    const task = this.untilAcked(s, preferSocket).finally(() => this.running.delete(task));
    this.running.set(task, s);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Resolves when every send (of those `which` picks) has been acked or given up. */
  async settle(which: (s: SendRecord) => boolean = () => true): Promise<void> {
    for (
      let tasks = [...this.running].filter(([, s]) => which(s));
      tasks.length > 0;
      tasks = [...this.running].filter(([, s]) => which(s))
    ) {
      await Promise.all(tasks.map(([t]) => t));
    }
  }

  private pickNode(s: SendRecord): string {
    return this.restNodeOf.get(s.caseId) ?? this.nodes[Math.floor(Math.random() * this.nodes.length)];
  }

  private async untilAcked(s: SendRecord, preferSocket: boolean): Promise<void> {
    const deadline = Date.now() + this.deadlineMs;
    for (let viaSocket = preferSocket; ; viaSocket = Math.random() < 0.5) {
      s.attempts++;
      const sentAt = Date.now();
      const { ok, node, retryAfterMs } = await this.attempt(s, viaSocket);
      s.tries.push({ sentAt, answeredAt: Date.now(), node, ok, error: ok ? undefined : s.errors.at(-1), retryAfterMs });
      if (ok) return;
      if (Date.now() > deadline) {
        s.gaveUp = true;
        return;
      }
      // Wait as long as the hub asked, or back off a little, as a client would, before sending the same clientTxnId again.
      const wait = retryAfterMs !== undefined ? retryAfterMs * (1 + Math.random() * 0.25) : 100 + Math.random() * 300;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async attempt(s: SendRecord, viaSocket: boolean): Promise<Attempt> {
    const client = viaSocket ? this.clientOf(s.caseId, s.actor) : undefined;
    const socket = client?.live;
    if (socket) {
      const node = client.node ?? '';
      try {
        const ack = (await socket.timeout(ATTEMPT_TIMEOUT_MS).emitWithAck('message.send', {
          caseId: s.caseId,
          threadId: s.threadId,
          clientTxnId: s.clientTxnId,
          tekst: s.tekst,
        })) as MessageAck;
        if (ack.ok && ack.message) {
          s.acked = { id: ack.message.id, seq: ack.message.seq, created: ack.created === true, via: 'socket', node };
          return { ok: true, node };
        }
        s.errors.push(`socket ${ack.error?.error ?? 'no message'}`);
        return { ok: false, node, retryAfterMs: ack.error?.retryAfterMs };
      } catch {
        s.errors.push('socket timeout');
      }
      return { ok: false, node };
    }
    const node = this.pickNode(s);
    try {
      const a = await this.api.call(
        node,
        s.actor,
        'POST',
        `/cases/${s.caseId}/threads/${s.threadId}/messages`,
        { clientTxnId: s.clientTxnId, tekst: s.tekst },
        ATTEMPT_TIMEOUT_MS,
      );
      const m = a.body as { id?: string; seq?: number };
      if ((a.status === 201 || a.status === 200) && m.id && m.seq) {
        s.acked = { id: m.id, seq: m.seq, created: a.status === 201, via: 'rest', node };
        return { ok: true, node };
      }
      const code = (a.body as { error?: unknown } | undefined)?.error;
      s.errors.push(`rest ${a.status}${typeof code === 'string' ? ` ${code}` : ''}`);
      const hinted = (a.body as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      const header = a.headers.get('retry-after');
      const retryAfterMs = typeof hinted === 'number' ? hinted : header !== null ? Number(header) * 1000 : undefined;
      return { ok: false, node, retryAfterMs };
    } catch (e) {
      // fetch's timeout is a DOMException, which under jest is no `instanceof Error`: tell it by name.
      s.errors.push(`rest ${(e as { name?: unknown } | null)?.name === 'TimeoutError' ? 'timeout' : 'network'}`);
    }
    return { ok: false, node };
  }
}
