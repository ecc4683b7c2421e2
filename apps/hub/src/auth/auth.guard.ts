import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor } from '@hub/domain';
import { RestRateLimiter } from '../limits/rest-rate-limiter';
import { TokenVerifier, Unauthorized } from './token-verifier';

const PUBLIC = 'hub:public';
/** Marks a route that needs no token (health, metrics, docs, the development issuer's JWKS). */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthedRequest = FastifyRequest & { actor?: Actor };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(header ?? '');
  return match?.[1];
}

/**
 * Who calls, and may they call now. Runs before validation and the handler: a request past its limit costs a token
 * check and a counter, nothing more. Counted per person with a valid token, otherwise per client address (bad
 * tokens included, so guessing them is limited too).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly limiter: RestRateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req.headers.authorization);
    let actor: Actor | undefined;
    let refusal: unknown = new Unauthorized();
    if (token) {
      try {
        actor = (await this.verifier.verify(token)).actor;
      } catch (e) {
        refusal = e;
      }
    }
    await this.limiter.take(actor ? { sub: actor.sub } : { ip: req.ip });
    if (isPublic) return true;
    if (!actor) throw refusal;
    req.actor = actor;
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthedRequest>().actor;
  if (!actor) throw new Unauthorized();
  return actor;
});
