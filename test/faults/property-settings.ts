import fc from 'fast-check';
import { LONG } from './fault-settings';

/** The short form's seeds are fixed, so `npm test` runs the same inputs every time and a CI failure replays locally. */
const SHORT_SEED = 20_260_803;

export interface PropertyBudget {
  /** Runs in `npm test`, all three property files together well under a minute on two cores. */
  short: number;
  /** Runs under FAULTS=long. */
  long: number;
  /** Wall-clock cap for one property in the short form; the long form gets ten times as much. */
  shortMs: number;
}

/**
 * fast-check parameters for one property: few runs with a fixed seed in the short form, many with a fresh seed in the
 * long one. `FAULTS_SEED` (and `FAULTS_PATH`, both printed on a failure) replay a counterexample in either form.
 */
export function propertyParameters<Ts>(budget: PropertyBudget): fc.Parameters<Ts> {
  const seed =
    process.env.FAULTS_SEED !== undefined
      ? Number(process.env.FAULTS_SEED)
      : LONG
        ? Date.now() ^ (Math.random() * 0x1_0000_0000)
        : SHORT_SEED;
  return {
    seed,
    path: process.env.FAULTS_PATH,
    numRuns: LONG ? budget.long : budget.short,
    interruptAfterTimeLimit: LONG ? budget.shortMs * 10 : budget.shortMs,
    // A run that hangs is a finding too: no single request may take longer than this.
    timeout: 20_000,
    endOnFailure: process.env.FAULTS_NO_SHRINK === '1',
  };
}

/** Checks a property and fails with fast-check's report (seed, path, shrunk counterexample); returns how many runs it made. */
export async function checkProperty<Ts>(
  property: fc.IAsyncProperty<Ts>,
  params: fc.Parameters<Ts>,
): Promise<{ runs: number; interrupted: boolean }> {
  const details = await fc.check(property, params);
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n\nThe shrunk counterexample failed with:\n${cause}`);
  }
  return { runs: details.numRuns, interrupted: details.interrupted };
}

/** The jest timeout for a test that checks one property: its time cap plus room to start and to shrink. */
export function testTimeout(budget: PropertyBudget): number {
  return (LONG ? budget.shortMs * 10 : budget.shortMs) + 120_000;
}
