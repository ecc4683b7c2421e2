/**
 * Microseconds on the machine's monotonic clock (CLOCK_MONOTONIC via process.hrtime), the same in every process,
 * so a send time carried in a message can be compared with the receive time in another process.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
