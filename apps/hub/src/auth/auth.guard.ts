import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor } from '@hub/domain';
import { TokenVerifier, Unauthorized } from './token-verifier';

const PUBLIC = 'hub:public';
/** Marks a route that needs no token (health, metrics, docs, the development issuer's JWKS). */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthedRequest = FastifyRequest & { actor?: Actor };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(header ?? '');
  return match?.[1];
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new Unauthorized();
    req.actor = (await this.verifier.verify(token)).actor;
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthedRequest>().actor;
  if (!actor) throw new Unauthorized();
  return actor;
});
