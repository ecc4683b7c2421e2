import type { Server, Socket } from 'socket.io';
import { type Actor, type CaseEvent, type Message, type Role, roleOfSeat, type Seat } from '@hub/domain';
import { type AppAbility, type CaseAccess, defineAbility, type EventView, seatsOf, toEventView } from '@hub/access';
import type { ResolvedAccess } from '../access/case-access.service';

/*
 * The socket.io rooms of a case, named here only. Every subscriber of the case is in its case room (presence),
 * in its audience's room (events, rendered once per audience) and in one room per seat it holds (typing).
 */
export const caseRoom = (caseId: string) => `c:${caseId}`;
const audienceRoom = (caseId: string, seats: readonly Seat[]) => `${caseRoom(caseId)}:${[...seats].sort().join('+')}`;
export const seatRoom = (caseId: string, seat: Seat) => `s:${caseId}:${seat}`;
/** The rooms a subscriber with these seats joins in the case. */
const roomsOf = (caseId: string, audience: string, seats: readonly Seat[]) => [
  audience,
  ...seats.map((s) => seatRoom(caseId, s)),
  caseRoom(caseId),
];
/** Whether a room belongs to the case (its case, audience or seat rooms). */
const isRoomOfCase = (room: string, caseId: string) => room.startsWith(caseRoom(caseId)) || room.startsWith(`s:${caseId}:`);

/** The sockets of one set of seats in a case: the events are rendered once for them all and emitted to their room. */
export interface Audience {
  room: string;
  seats: Seat[];
  role: Role;
  ability?: AppAbility;
}

/** What one broadcast sent: views emitted (once per audience) and, per subscriber, what reached them (for the audit). */
export interface Broadcast {
  views: number;
  deliveries: { actor: Actor; views: readonly EventView[] }[];
}

export interface Subscriber {
  socket: Socket;
  actor: Actor;
  audience: string;
  /** The actor's own ability (with person-specific grants), built on first send; dropped when access is read again. */
  ability?: AppAbility;
}

/**
 * Who listens to one case on this node, and as whom: the case's access as last read, its subscribers, and the
 * audiences (sets of seats) they fall into, each with its room. Access read again re-seats every subscriber at once.
 */
export class CaseAudiences {
  access?: CaseAccess;
  private readonly audiences = new Map<string, Audience>();
  readonly subscribers = new Map<string, Subscriber>();

  constructor(readonly caseId: string) {}

  seatsFor(actor: Actor): Seat[] {
    return this.access ? seatsOf(actor, this.access) : [];
  }

  audience(seats: readonly Seat[]): Audience {
    const room = audienceRoom(this.caseId, seats);
    let a = this.audiences.get(room);
    if (!a) {
      a = { room, seats: [...seats].sort(), role: roleOfSeat(seats[0]) };
      this.audiences.set(room, a);
    }
    return a;
  }

  async join(socket: Socket, actor: Actor, audience: Audience): Promise<void> {
    await socket.join(roomsOf(this.caseId, audience.room, audience.seats));
    this.subscribers.set(socket.id, { socket, actor, audience: audience.room });
  }

  leave(socketId: string): void {
    const sub = this.subscribers.get(socketId);
    if (!sub) return;
    this.subscribers.delete(socketId);
    for (const room of sub.socket.rooms) if (isRoomOfCase(room, this.caseId)) void sub.socket.leave(room);
    if (![...this.subscribers.values()].some((s) => s.audience === sub.audience)) this.audiences.delete(sub.audience);
  }

  /** The access was read again: every subscriber moves to the audience of its seats now, or is told its access ended. */
  async reseat(access: CaseAccess | undefined): Promise<void> {
    this.access = access;
    this.audiences.clear();
    // All at once, before the loop below awaits: no send may pair the new access with an ability built from the old.
    for (const sub of this.subscribers.values()) sub.ability = undefined;
    for (const [socketId, sub] of this.subscribers) {
      const seats = this.seatsFor(sub.actor);
      if (seats.length === 0) {
        // Access ended (relation ended, handover): nothing more reaches this socket, at once.
        this.leave(socketId);
        sub.socket.emit('case.access_ended', { caseId: this.caseId });
        continue;
      }
      const audience = this.audience(seats);
      if (audience.room !== sub.audience) {
        this.leave(socketId);
        await this.join(sub.socket, sub.actor, audience);
      }
    }
  }

  render(audience: Audience, events: readonly CaseEvent[], messages: ReadonlyMap<string, Message>): EventView[] {
    audience.ability ??= defineAbility(audience.seats, this.access!);
    return events.flatMap((e) => toEventView(audience.ability!, audience.role, e, messages) ?? []);
  }

  /**
   * Renders the batch once per audience and emits each distinct rendering once, to the rooms of every audience it
   * came out the same for (socket.io encodes a packet once per emit: three of a case's four parties often see one
   * message alike). Answers how many views went out and who got which.
   */
  broadcast(io: Server | undefined, batch: readonly CaseEvent[], messages: ReadonlyMap<string, Message>): Broadcast {
    const sent: Broadcast = { views: 0, deliveries: [] };
    const emits: { rooms: string[]; views: EventView[] }[] = [];
    for (const audience of this.audiences.values()) {
      const views = this.render(audience, batch, messages);
      if (views.length === 0) continue;
      const same = emits.find((e) => sameJson(e.views, views));
      if (same) same.rooms.push(audience.room);
      else emits.push({ rooms: [audience.room], views });
      sent.views += views.length;
      for (const sub of this.subscribers.values()) if (sub.audience === audience.room) sent.deliveries.push({ actor: sub.actor, views });
    }
    for (const { rooms, views } of emits) io?.local.to(rooms).emit('case.events', { caseId: this.caseId, events: views });
    return sent;
  }

  /** A subscriber's access as this node last read it; its ability is built once and kept until access is read again. */
  resolvedFor(socketId: string): ResolvedAccess | undefined {
    const sub = this.subscribers.get(socketId);
    const seats = sub && this.audiences.get(sub.audience)?.seats;
    if (!sub || !seats || !this.access) return undefined;
    sub.ability ??= defineAbility(seats, this.access, sub.actor.sub);
    return { access: this.access, seats, ability: sub.ability };
  }

  seatsOfSubscriber(socketId: string): Seat[] {
    const sub = this.subscribers.get(socketId);
    return sub ? (this.audiences.get(sub.audience)?.seats ?? []) : [];
  }
}

/** Whether two views would leave as the same JSON (plain data: strings, numbers, booleans, null, arrays, objects). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
