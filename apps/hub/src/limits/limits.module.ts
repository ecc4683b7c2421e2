import { Global, Module } from '@nestjs/common';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { LimitsRedis } from './limits-redis';
import { RestRateLimiter } from './rest-rate-limiter';
import { SocketCap } from './socket-cap';

/** Limits a shared service needs (issue 14): REST requests and open sockets per person, held across nodes. */
@Global()
@Module({
  providers: [
    { provide: LimitsRedis, useFactory: (config: HubConfig) => LimitsRedis.connect(config), inject: [HUB_CONFIG] },
    RestRateLimiter,
    SocketCap,
  ],
  exports: [RestRateLimiter, SocketCap],
})
export class LimitsModule {}
