import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimited } from '@hub/domain';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { LimitsRedis } from './limits-redis';

export type Caller = { sub: string } | { ip: string };

/**
 * REST requests per person (the token's `sub`, whichever node serves them) or, without a valid token, per client
 * IP. With Redis the count is shared by every node; while Redis is away each node counts alone.
 */
@Injectable()
export class RestRateLimiter {
  private readonly person: RateLimiterAbstract;
  private readonly anonymous: RateLimiterAbstract;

  constructor(redis: LimitsRedis, @Inject(HUB_CONFIG) config: HubConfig) {
    const make = (kind: string, points: number): RateLimiterAbstract => {
      const options = { keyPrefix: `${redis.prefix}:${kind}`, points, duration: config.rest.durationSeconds };
      if (!redis.client) return new RateLimiterMemory(options);
      // node-redis v4+ (the `redis` package) answers in its own shape: useRedisPackage reads it.
      return new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.person = make('rest-person', config.rest.points);
    this.anonymous = make('rest-ip', config.rest.anonymousPoints);
  }

  /** Counts one request; past the limit throws RateLimited with the time until the window resets. */
  async take(caller: Caller): Promise<void> {
    const [limiter, who] = 'sub' in caller ? [this.person, caller.sub] : [this.anonymous, caller.ip];
    try {
      await limiter.consume(LimitsRedis.digest(who));
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimited('Too many requests: slow down', Math.max(1, Math.ceil(e.msBeforeNext)));
      throw e;
    }
  }
}
