/** Time as the hub sees it; tests pass their own to walk a case through weeks in seconds. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };
