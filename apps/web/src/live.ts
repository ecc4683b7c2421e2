import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { ApiError } from './api';
import type { CaseEvent, ErrorBody, Message, ReadMarker, Seat } from './types';

// One socket per signed-in tab (README, Socket protocol). Each watched case resumes after the highest seq the page
// has applied, on the first connect and on every reconnect, so a network drop loses nothing; the page's CaseState
// skips anything it already holds, so nothing is doubled.

export type LinkStatus = 'connecting' | 'online' | 'offline';

export interface Watcher {
  /** The highest seq applied, read each time the socket (re)subscribes. */
  after: () => number;
  onEvents: (events: CaseEvent[]) => void;
  /** Too far behind to catch up over the socket: reload over REST, then the socket resumes from `lastSeq`. */
  onRefetch: (lastSeq: number) => Promise<void>;
  /** The relation ended or the case is gone. */
  onEnded: () => void;
  /** The hub has pushed every missed event and now delivers live. */
  onSubscribed?: () => void;
  onTyping?: (threadId: string, seat: Seat) => void;
  onPresence?: () => void;
}

type Ack = { ok: true; [k: string]: unknown } | { ok: false; error?: ErrorBody; refetch?: boolean; lastSeq?: number };

const ACK_TIMEOUT_MS = 8000;
const SEND_ATTEMPTS = 5;
/** Refusals that stored nothing and say when to send the same clientTxnId again. */
const RETRY_LATER = new Set(['rate_limited', 'unavailable', 'busy']);

export class Live {
  private readonly socket: Socket;
  private readonly watchers = new Map<string, Watcher>();
  private readonly statusListeners = new Set<(s: LinkStatus) => void>();
  private ended = false;
  status: LinkStatus = 'connecting';

  constructor(token: string, onSessionEnded: (reason: 'expired' | 'unauthorized') => void) {
    this.socket = io({ path: '/socket.io', auth: { token }, reconnectionDelay: 300, reconnectionDelayMax: 2000, randomizationFactor: 0.2 });
    this.socket.on('connect', () => {
      this.setStatus('online');
      for (const caseId of this.watchers.keys()) void this.resume(caseId);
    });
    this.socket.on('disconnect', (reason) => {
      this.setStatus('offline');
      // The server closed us (a slow consumer is cut, for one); come back and resume unless the session is over.
      if (reason === 'io server disconnect' && !this.ended) this.socket.connect();
    });
    this.socket.on('connect_error', (err: Error) => {
      this.setStatus('offline');
      if (err.message === 'unauthorized') {
        this.close();
        onSessionEnded('unauthorized');
      }
    });
    this.socket.on('session.expired', () => {
      this.close();
      onSessionEnded('expired');
    });
    this.socket.on('case.events', (batch: { caseId: string; events: CaseEvent[] }) =>
      this.watchers.get(batch.caseId)?.onEvents(batch.events),
    );
    this.socket.on('case.access_ended', (p: { caseId: string }) => this.watchers.get(p.caseId)?.onEnded());
    this.socket.on('typing', (p: { caseId: string; threadId: string; seat: Seat }) =>
      this.watchers.get(p.caseId)?.onTyping?.(p.threadId, p.seat),
    );
    this.socket.on('presence.changed', (p: { caseId: string }) => this.watchers.get(p.caseId)?.onPresence?.());
  }

  onStatus(listener: (s: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  /** Starts delivering the case's events after `watcher.after()`; returns the function that stops it. */
  watch(caseId: string, watcher: Watcher): () => void {
    this.watchers.set(caseId, watcher);
    if (this.socket.connected) void this.resume(caseId);
    return () => {
      if (this.watchers.get(caseId) !== watcher) return;
      this.watchers.delete(caseId);
      if (this.socket.connected) this.socket.emit('case.unsubscribe', { caseId }, () => undefined);
    };
  }

  /**
   * Sends a message and resolves once the hub has committed it. A lost answer is retried with the same clientTxnId,
   * which the hub stores once (README: the same clientTxnId from the same sender returns the first result).
   */
  async send(
    payload: { caseId: string; threadId: string; clientTxnId: string; tekst: string } & Record<string, unknown>,
  ): Promise<Message> {
    for (let attempt = 1; ; attempt++) {
      await this.connected();
      try {
        const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message.send', payload)) as Ack;
        if (ack.ok) return ack.message as Message;
        // Neither is an ack: the same clientTxnId again stores the message once.
        if (ack.error && RETRY_LATER.has(ack.error.error) && attempt < SEND_ATTEMPTS) {
          // As long as the hub asks (a second when it does not say), with jitter so refused clients do not return together.
          const wait = Math.min(ack.error.retryAfterMs ?? 1000, 10_000);
          await new Promise((r) => setTimeout(r, wait * (1 + Math.random() * 0.25)));
          continue;
        }
        throw new ApiError(400, ack.error ?? { error: 'unknown', message: 'Refused' });
      } catch (e) {
        if (e instanceof ApiError || attempt >= SEND_ATTEMPTS) throw e;
      }
    }
  }

  async markRead(caseId: string, threadId: string, upToSeq: number): Promise<ReadMarker[] | undefined> {
    if (!this.socket.connected) return undefined;
    try {
      const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('receipt.read', { caseId, threadId, upToSeq })) as Ack;
      return ack.ok ? (ack.markers as ReadMarker[]) : undefined;
    } catch {
      return undefined;
    }
  }

  typing(caseId: string, threadId: string): void {
    // Volatile: a typing signal that cannot go now is worthless later.
    if (this.socket.connected) this.socket.volatile.emit('typing', { caseId, threadId }, () => undefined);
  }

  async presence(caseId: string): Promise<Seat[]> {
    if (!this.socket.connected) return [];
    try {
      const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence.get', { caseId })) as Ack;
      return ack.ok ? (ack.online as Seat[]) : [];
    } catch {
      return [];
    }
  }

  close(): void {
    this.ended = true;
    this.socket.close();
    this.setStatus('offline');
  }

  private async resume(caseId: string): Promise<void> {
    const watcher = this.watchers.get(caseId);
    if (!watcher) return;
    let ack: Ack;
    try {
      ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('case.subscribe', { caseId, after: watcher.after() })) as Ack;
    } catch {
      // No answer: the socket dropped (its reconnect resumes) or the hub is slow; ask again while still connected.
      if (this.socket.connected && this.watchers.get(caseId) === watcher) void this.resume(caseId);
      return;
    }
    if (this.watchers.get(caseId) !== watcher) return;
    if (ack.ok) return watcher.onSubscribed?.();
    if (ack.refetch && typeof ack.lastSeq === 'number') {
      await watcher.onRefetch(ack.lastSeq);
      void this.resume(caseId);
    } else if (ack.error?.error === 'not_found') {
      watcher.onEnded();
    }
  }

  private connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    if (this.ended) return Promise.reject(new Error('closed'));
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  private setStatus(s: LinkStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
}
