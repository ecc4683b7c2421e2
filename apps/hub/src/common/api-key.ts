import { createHash, timingSafeEqual } from 'node:crypto';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NotFound } from '@hub/domain';

/** Hashing first makes the compare constant-time whatever the lengths. */
function sameKey(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether `header` carries the configured key; with no key configured, nobody does. */
export function hasApiKey(headers: FastifyRequest['headers'], header: string, expected: string | undefined): boolean {
  const given = headers[header];
  return expected !== undefined && typeof given === 'string' && sameKey(given, expected);
}

/**
 * A route for a machine holding a configured key (operator, message gateway) rather than a person's token. As a
 * guard it runs before any pipe, so a caller without the key learns nothing from validation; with no key
 * configured the route does not exist, and a missing or wrong key looks the same: 404.
 */
export abstract class ApiKeyGuard implements CanActivate {
  protected abstract readonly header: string;
  protected abstract expectedKey(): string | undefined;

  canActivate(ctx: ExecutionContext): boolean {
    if (!hasApiKey(ctx.switchToHttp().getRequest<FastifyRequest>().headers, this.header, this.expectedKey())) throw new NotFound();
    return true;
  }
}
