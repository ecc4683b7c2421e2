import { createHash } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { createClient } from 'redis';
import { watchRedis } from '../common/redis-watch';
import type { HubConfig } from '../config/config';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The Redis connection the limits share across nodes (REST rate limits, sockets per person); none without REDIS_URL,
 * and each node then counts alone. Connected before the app starts, so a wrong REDIS_URL stops start-up.
 */
export class LimitsRedis implements OnModuleDestroy {
  private constructor(
    readonly client: RedisClient | undefined,
    readonly prefix: string,
  ) {}

  static async connect(config: HubConfig): Promise<LimitsRedis> {
    if (!config.redisUrl) return new LimitsRedis(undefined, config.redisPrefix);
    const log = new Logger('Limits');
    // No offline queue: while Redis is away a limit answers from this node's own count at once instead of waiting.
    const client = createClient({
      url: config.redisUrl,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (n: number) => Math.min(n * 100, 2000) },
    });
    watchRedis(client, 'limits', log);
    await client.connect();
    return new LimitsRedis(client, config.redisPrefix);
  }

  /** A person's or address's part of a Redis key, without their id (a `sub` may be a fødselsnummer) in clear. */
  static digest(who: string): string {
    return createHash('sha256').update(who).digest('base64url').slice(0, 24);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client?.isOpen) await this.client.quit().catch(() => undefined);
  }
}
