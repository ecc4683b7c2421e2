import type { CaseEvent, Message, ReadMarker, Seat, Thread } from './types';

// What one party holds of one case: its threads, their messages and read markers, built from REST pages and the
// socket's events alike. Pure (no DOM), so the same event applied twice, or a REST page overlapping a pushed event,
// changes nothing: messages are keyed by id and ordered by seq, events below the highest seq applied are skipped.

export interface ThreadState {
  thread: Thread;
  messages: Map<string, Message>;
  markers: Map<Seat, number>;
  /** Its earlier messages have been fetched (or it was created while we watched). */
  loaded: boolean;
}

/** What an event changed, so the page redraws only that. */
export type Change =
  | { kind: 'none' }
  | { kind: 'threads' }
  | { kind: 'thread'; threadId: string }
  | { kind: 'markers'; threadId: string }
  | { kind: 'panel'; panel: 'plan' | 'followup' | 'dialog' | 'consent' | 'case' | 'mote' };

export interface Me {
  sub: string;
  role: string;
  seats: readonly Seat[];
}

export class CaseState {
  readonly threads = new Map<string, ThreadState>();
  /** The highest event seq applied: what the socket resumes after. */
  lastSeq = 0;

  constructor(readonly me: Me) {}

  setThreads(threads: readonly Thread[]): void {
    const keep = new Set(threads.map((t) => t.id));
    for (const id of [...this.threads.keys()]) if (!keep.has(id)) this.threads.delete(id);
    for (const t of threads) {
      const existing = this.threads.get(t.id);
      if (existing) existing.thread = t;
      else this.threads.set(t.id, { thread: t, messages: new Map(), markers: new Map(), loaded: false });
    }
  }

  /** Adds or replaces messages (an edit or retraction replaces only with the same or a newer version). */
  addMessages(threadId: string, messages: readonly Message[]): boolean {
    const t = this.threads.get(threadId);
    if (!t) return false;
    let changed = false;
    for (const m of messages) {
      if (!m.id) continue;
      const old = t.messages.get(m.id);
      if (old && (old.version ?? 0) > (m.version ?? 0)) continue;
      if (old && JSON.stringify(old) === JSON.stringify(m)) continue;
      t.messages.set(m.id, m);
      changed = true;
    }
    return changed;
  }

  setMarkers(threadId: string, markers: readonly ReadMarker[]): void {
    const t = this.threads.get(threadId);
    if (!t) return;
    for (const m of markers) t.markers.set(m.seat, Math.max(t.markers.get(m.seat) ?? 0, m.upToSeq));
  }

  /** Applies one pushed or caught-up event; an event at or below lastSeq was applied before and is skipped. */
  apply(e: CaseEvent): Change {
    if (e.seq <= this.lastSeq) return { kind: 'none' };
    this.lastSeq = e.seq;
    const threadId = e.threadId;
    switch (e.type) {
      case 'message.created':
      case 'message.edited':
      case 'message.redacted':
        if (!threadId || !e.message) return { kind: 'none' };
        if (!this.threads.has(threadId)) return { kind: 'threads' };
        return this.addMessages(threadId, [e.message]) ? { kind: 'thread', threadId } : { kind: 'none' };
      case 'receipt.read': {
        const t = threadId ? this.threads.get(threadId) : undefined;
        const seat = e.data?.seat;
        const upTo = e.data?.upToSeq;
        if (!t || !threadId || typeof seat !== 'string' || typeof upTo !== 'number') return { kind: 'none' };
        t.markers.set(seat, Math.max(t.markers.get(seat) ?? 0, upTo));
        return { kind: 'markers', threadId };
      }
      case 'thread.created': {
        const { subject, participants } = e.data ?? {};
        if (!threadId || typeof subject !== 'string' || !Array.isArray(participants)) return { kind: 'threads' };
        // A new thread has no earlier messages, so the event alone makes it; no REST round trip to race with.
        if (!this.threads.has(threadId))
          this.threads.set(threadId, {
            thread: { id: threadId, subject, participants, createdAt: e.at },
            messages: new Map(),
            markers: new Map(),
            loaded: true,
          });
        return { kind: 'threads' };
      }
      case 'thread.participant_added':
      case 'thread.participant_removed':
        return { kind: 'threads' };
      case 'consent.granted':
      case 'consent.revoked':
        return { kind: 'panel', panel: 'consent' };
      case 'relation.added':
      case 'relation.ended':
      case 'case.handover':
        return { kind: 'panel', panel: 'case' };
      default:
        if (e.type.startsWith('plan.')) return { kind: 'panel', panel: 'plan' };
        if (e.type.startsWith('dialogmelding.')) return { kind: 'panel', panel: 'dialog' };
        if (e.type.startsWith('dialogmote.') || e.type.startsWith('motebehov.')) return { kind: 'panel', panel: 'mote' };
        if (e.type.startsWith('track.') || e.type.startsWith('timeline.') || e.type === 'case.sluttdato_set')
          return { kind: 'panel', panel: 'followup' };
        return { kind: 'none' };
    }
  }

  /** The thread's messages in the case's order. */
  ordered(threadId: string): Message[] {
    const t = this.threads.get(threadId);
    return t ? [...t.messages.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)) : [];
  }

  /** My seat in the thread: where my read marker is kept. */
  mySeat(threadId: string): Seat | undefined {
    return this.threads.get(threadId)?.thread.participants.find((s) => this.me.seats.includes(s));
  }

  isMine(m: Message): boolean {
    // The arbeidsgiver's view carries no senderId; its role is then the best it can know.
    return m.senderId !== undefined ? m.senderId === this.me.sub : m.senderRole === this.me.role;
  }

  /** Messages from others after my read marker. */
  unread(threadId: string): number {
    const t = this.threads.get(threadId);
    const seat = this.mySeat(threadId);
    if (!t || !seat) return 0;
    const read = t.markers.get(seat) ?? 0;
    return [...t.messages.values()].filter((m) => (m.seq ?? 0) > read && !m.redacted && !this.isMine(m)).length;
  }

  /** The seats other than the sender's own that have read up to this message. */
  readBy(threadId: string, m: Message): Seat[] {
    const t = this.threads.get(threadId);
    if (!t || m.seq === undefined) return [];
    // The sender's own seat is left out; by role, since the arbeidsgiver's view names no sender seat.
    return [...t.markers.entries()]
      .filter(([seat, upTo]) => upTo >= (m.seq ?? 0) && seat.split(':')[0] !== m.senderRole)
      .map(([seat]) => seat)
      .sort();
  }

  /** The highest message seq in the thread, for a read marker. */
  latestSeq(threadId: string): number {
    return this.ordered(threadId).reduce((max, m) => Math.max(max, m.seq ?? 0), 0);
  }
}
