import { Injectable } from '@nestjs/common';
import { Dialogmelding, Message, NewCaseEvent, Role, roleOfSeat, Seat, Thread } from '@hub/domain';
import {
  AuditChannel,
  AuditRepository,
  DialogmeldingRepository,
  InboundStamp,
  MessageRepository,
  Queryable,
  ThreadRepository,
} from '@hub/persistence';
import { CaseEventWriter } from '../events/case-event-writer';

/** A change to another dialogmelding made with the new one (the forespørsel marked besvart, its påminnelse stamped). */
export interface DialogmeldingTouch {
  id: string;
  /** Applied to the row locked in the transaction; undefined leaves it as it is, a thrown error rolls everything back. */
  change: (locked: Dialogmelding) => Dialogmelding | undefined;
}

export interface Filing {
  dialogmelding: Dialogmelding;
  /** The thread message carrying it; its seq is given here. */
  message: Message;
  /** A thread to open for it first (an inbound document with no conversation to join). */
  thread?: Thread;
  touch?: DialogmeldingTouch;
  /** The thread's seats: they hear `dialogmelding.created`, never an arbeidsgiver among them. */
  participants: readonly Seat[];
  actor: { id: string; role: Role | 'system' };
  channel: AuditChannel;
  /** For an inbound document: its sender, content digest and the AppRec it is answered with, so a repeat gets the same one. */
  inbound?: InboundStamp;
}

/**
 * Files a dialogmelding with its thread message in one transaction (ARCHITECTURE guarantee 7: nothing half-written):
 * the thread if new, the message, the dialogmelding row, any touched row, their events with gap-free sequence
 * numbers and the audit rows. Events go out only after the commit.
 */
@Injectable()
export class DialogmeldingWriter {
  constructor(private readonly events: CaseEventWriter) {}

  async file(f: Filing): Promise<Message> {
    // Filled inside the transaction; the writer hands it to the fan-out after the commit.
    const published: Message[] = [];
    await this.events.commit(async (tx) => {
      const { events, message } = await fileIn(tx, f, 0);
      published.push(message);
      return events;
    }, published);
    return published[0];
  }
}

/**
 * The rows of one filing inside a transaction someone else commits (a dialogmøte move files its dialogmelding with
 * the move, guarantee 8): `eventsBefore` is how many events that transaction returns ahead of these, so the message
 * carries its own event's seq. The caller publishes `message` with the events after the commit.
 */
export async function fileIn(tx: Queryable, f: Filing, eventsBefore: number): Promise<{ events: NewCaseEvent[]; message: Message }> {
  const { dialogmelding: d, actor } = f;
  const at = d.createdAt;
  const repo = new DialogmeldingRepository(tx);
  const next = (await repo.lockNextSeq(d.caseId)) + eventsBefore;
  const events: NewCaseEvent[] = [];
  if (f.thread) {
    await new ThreadRepository(tx).insert(f.thread);
    events.push({
      caseId: d.caseId,
      type: 'thread.created',
      threadId: f.thread.id,
      refId: f.thread.id,
      actorId: actor.id,
      audience: null,
      payload: { subject: f.thread.subject, participants: f.thread.participants },
      at,
    });
  }
  // The case row is locked and this transaction's events are numbered from `next` in order, so this is the seq.
  const message: Message = { ...f.message, seq: next + events.length };
  events.push({
    caseId: d.caseId,
    type: 'message.created',
    threadId: d.threadId,
    refId: message.id,
    actorId: actor.id,
    audience: null,
    payload: {},
    at,
  });
  events.push({
    caseId: d.caseId,
    type: 'dialogmelding.created',
    threadId: null,
    refId: d.id,
    actorId: actor.id,
    audience: f.participants.filter((p) => roleOfSeat(p) !== 'arbeidsgiver'),
    payload: {
      dialogmeldingId: d.id,
      threadId: d.threadId,
      messageId: message.id,
      kind: d.kind,
      direction: d.direction,
      status: d.status,
      parentId: d.parentId ?? null,
    },
    at,
  });
  await new MessageRepository(tx).insertMany([message]);
  await repo.insert(d, f.inbound);
  const touched = f.touch && (await repo.lock(f.touch.id));
  const changed = touched && f.touch?.change(touched);
  if (changed) await repo.update(changed);
  await new AuditRepository(tx).insertMany([
    {
      at,
      actorId: actor.id,
      actorRole: actor.role,
      caseId: d.caseId,
      action: 'write',
      subjectType: 'Dialogmelding',
      subjectIds: [d.id],
      decision: 'permit',
      channel: f.channel,
    },
    {
      at,
      actorId: actor.id,
      actorRole: actor.role,
      caseId: d.caseId,
      action: 'write',
      subjectType: 'Message',
      subjectIds: [message.id],
      decision: 'permit',
      channel: f.channel,
    },
  ]);
  return { events, message };
}
