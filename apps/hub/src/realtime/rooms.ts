import type { Seat } from '@hub/domain';

/**
 * The socket.io rooms of a case, named here only. Every subscriber of the case is in its case room (presence),
 * in its audience's room (events, rendered once per audience) and in one room per seat it holds (typing).
 */
export const caseRoom = (caseId: string) => `c:${caseId}`;
export const audienceRoom = (caseId: string, seats: readonly Seat[]) => `${caseRoom(caseId)}:${[...seats].sort().join('+')}`;
export const seatRoom = (caseId: string, seat: Seat) => `s:${caseId}:${seat}`;

/** The rooms a subscriber with these seats joins in the case. */
export const roomsOf = (caseId: string, audience: string, seats: readonly Seat[]) => [
  audience,
  ...seats.map((s) => seatRoom(caseId, s)),
  caseRoom(caseId),
];

/** Whether a room belongs to the case (its case, audience or seat rooms). */
export const isRoomOfCase = (room: string, caseId: string) => room.startsWith(caseRoom(caseId)) || room.startsWith(`s:${caseId}:`);
