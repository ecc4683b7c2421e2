import { createHash, timingSafeEqual } from 'node:crypto';
import { NotFound } from '@hub/domain';

/** The header the message gateway authenticates with (DIALOGMELDING_GATEWAY_KEY). */
export const GATEWAY_KEY_HEADER = 'x-dialogmelding-gateway-key';

/**
 * Lets the message gateway in, or answers NotFound: with no key configured the gateway routes do not exist, and a
 * wrong key looks the same (as the operator key of audit.controller.ts). Hashing first makes the compare constant-time.
 */
export function assertGateway(given: string | undefined, expected: string | undefined): void {
  if (expected === undefined || given === undefined) throw new NotFound();
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(a, b)) throw new NotFound();
}
