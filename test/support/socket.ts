import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { Actor } from '@hub/domain';
import type { TestHub } from './hub';

export interface PushedEvent {
  seq: number;
  type: string;
  threadId?: string;
  message?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

type Ack = { ok: boolean; [k: string]: unknown };

/** A real socket.io client that records what the server pushes, so tests can wait for it instead of sleeping. */
export class TestSocket {
  readonly events = new Map<string, PushedEvent[]>();
  readonly signals: { name: string; payload: unknown }[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.on('case.events', (batch: { caseId: string; events: PushedEvent[] }) => {
      this.events.set(batch.caseId, [...(this.events.get(batch.caseId) ?? []), ...batch.events]);
      this.wake();
    });
    socket.onAny((name: string, payload: unknown) => {
      if (name !== 'case.events') this.signals.push({ name, payload });
      this.wake();
    });
    socket.on('disconnect', () => this.wake());
  }

  request<T extends Ack = Ack>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
  }

  subscribe(caseId: string, after = 0) {
    return this.request<{ ok: boolean; lastSeq: number; refetch?: boolean; error?: { error: string } }>('case.subscribe', {
      caseId,
      after,
    });
  }

  of(caseId: string): PushedEvent[] {
    return this.events.get(caseId) ?? [];
  }

  /** Waits until `test` holds for what has arrived; fails with `what` after the timeout. */
  async until<T>(test: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = test();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  untilEvents(caseId: string, count: number, what = `${count} events`): Promise<PushedEvent[]> {
    return this.until(() => this.of(caseId).length >= count && this.of(caseId), what);
  }

  async untilSignal(name: string): Promise<unknown> {
    const signal = await this.until(() => this.signals.find((s) => s.name === name), `signal ${name}`);
    return signal.payload;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}

/** Connects as the actor with a development token; rejects with the server's reason when refused. */
export async function connectAs(hub: Pick<TestHub, 'url' | 'token'>, actor: Actor | null, token?: string): Promise<TestSocket> {
  const socket = io(hub.url, {
    transports: ['websocket'],
    auth: { token: token ?? (actor ? await hub.token(actor) : '') },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e: Error) => reject(e));
  });
  return new TestSocket(socket);
}
