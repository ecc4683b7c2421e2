import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { DevIssuerController } from './dev-issuer.controller';
import { PersonNames } from './person-names';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({})
export class AuthModule {
  /** The development issuer's routes exist only while it is on: in production there is nothing to reach, not even a validator. */
  static forRoot(devIssuer: boolean): DynamicModule {
    return {
      module: AuthModule,
      controllers: devIssuer ? [DevIssuerController] : [],
      providers: [PersonNames, TokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
