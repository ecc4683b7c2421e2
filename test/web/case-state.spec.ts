import { CaseState } from '../../apps/web/src/case-state';
import type { CaseEvent, Message } from '../../apps/web/src/types';

const T = '11111111-1111-4111-8111-111111111111';
const thread = {
  id: T,
  subject: 'Plan',
  participants: ['sykmeldt', 'veileder', 'arbeidsgiver:974760673'],
  createdAt: '2026-08-03T08:00:00Z',
};
const msg = (seq: number, over: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  threadId: T,
  seq,
  senderRole: 'veileder',
  senderId: 'Z1',
  version: 1,
  tekst: `melding ${seq}`,
  ...over,
});
const created = (seq: number, m = msg(seq)): CaseEvent => ({
  seq,
  type: 'message.created',
  at: '2026-08-03T09:00:00Z',
  threadId: T,
  message: m,
});

describe("the page's case state", () => {
  const fresh = () => {
    const s = new CaseState({ sub: 'syk-1', role: 'sykmeldt', seats: ['sykmeldt'] });
    s.setThreads([thread]);
    return s;
  };

  it('applies a REST page and the pushed events that overlap it once, in seq order', () => {
    const s = fresh();
    s.lastSeq = 4;
    s.addMessages(T, [msg(7), msg(5)]);
    // The socket resumes after 4 and pushes 5 and 7 again, then 9; a repeat of 9 (a second resume) changes nothing.
    for (const e of [created(5), created(7), created(9), created(9)]) s.apply(e);
    expect(s.ordered(T).map((m) => m.seq)).toEqual([5, 7, 9]);
    expect(s.lastSeq).toBe(9);
    expect(s.apply(created(8))).toEqual({ kind: 'none' });
  });

  it('counts unread messages from others after my read marker, and who read each', () => {
    const s = fresh();
    s.addMessages(T, [msg(5), msg(6, { senderRole: 'sykmeldt', senderId: 'syk-1' }), msg(7), msg(8, { redacted: true, tekst: undefined })]);
    expect(s.unread(T)).toBe(2);
    s.apply({ seq: 9, type: 'receipt.read', at: '2026-08-03T09:00:00Z', threadId: T, data: { seat: 'sykmeldt', upToSeq: 7 } });
    s.apply({
      seq: 10,
      type: 'receipt.read',
      at: '2026-08-03T09:00:00Z',
      threadId: T,
      data: { seat: 'arbeidsgiver:974760673', upToSeq: 6 },
    });
    expect(s.unread(T)).toBe(0);
    expect(s.readBy(T, msg(6, { senderRole: 'sykmeldt', senderId: 'syk-1' }))).toEqual(['arbeidsgiver:974760673']);
    expect(s.readBy(T, msg(7))).toEqual(['sykmeldt']);
  });

  it('replaces a message by a newer version or a retraction, never by an older one', () => {
    const s = fresh();
    s.addMessages(T, [msg(5, { version: 2, tekst: 'endret' })]);
    s.apply({ seq: 6, type: 'message.edited', at: '2026-08-03T09:00:00Z', threadId: T, message: msg(5, { version: 1, tekst: 'gammel' }) });
    expect(s.ordered(T)[0].tekst).toBe('endret');
    s.apply({
      seq: 7,
      type: 'message.redacted',
      at: '2026-08-03T09:00:00Z',
      threadId: T,
      message: msg(5, { version: 2, redacted: true, tekst: undefined }),
    });
    expect(s.ordered(T)[0]).toMatchObject({ redacted: true });
  });

  it('makes a new thread from its event, and asks for the threads again when it cannot', () => {
    const s = fresh();
    const U = '22222222-2222-4222-8222-222222222222';
    expect(
      s.apply({
        seq: 3,
        type: 'thread.created',
        at: '2026-08-03T09:00:00Z',
        threadId: U,
        data: { subject: 'Ny', participants: ['sykmeldt', 'veileder'] },
      }),
    ).toEqual({ kind: 'threads' });
    expect(s.threads.get(U)).toMatchObject({ loaded: true, thread: { subject: 'Ny' } });
    expect(s.apply({ seq: 4, type: 'message.created', at: '2026-08-03T09:00:00Z', threadId: 'unknown', message: msg(4) })).toEqual({
      kind: 'threads',
    });
    expect(s.apply({ seq: 5, type: 'plan.shared', at: '2026-08-03T09:00:00Z', data: {} })).toEqual({ kind: 'panel', panel: 'plan' });
  });
});
