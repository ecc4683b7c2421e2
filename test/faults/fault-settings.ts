/** `FAULTS=long` (npm run test:faults) runs every scenario longer and with more iterations than `npm test` does. */
export const LONG = process.env.FAULTS === 'long';

/** One line per scenario: what it checked and the counts it saw (the issue asks the suite to print these). */
export function report(scenario: string, counts: Record<string, number | string>): void {
  const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`[faults${LONG ? ':long' : ''}] ${scenario}: ${parts.join(' ')}\n`);
}
