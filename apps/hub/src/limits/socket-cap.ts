import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { LimitsRedis } from './limits-redis';

/** A node that stops (crash, cut network) stops refreshing its sockets; Redis forgets them this much later. */
const LEASE_MS = 60_000;
const HEARTBEAT_MS = 20_000;
/** A socket admitted moments ago may not be in the server's list yet; the heartbeat leaves it alone until then. */
const GRACE_MS = 5_000;

/**
 * Drops leases past their expiry, then admits the socket if the person holds fewer than the cap (or already holds
 * this one). One script, so two nodes admitting at once cannot both take the last place.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

interface Held {
  key: string;
  since: number;
}

/**
 * Open sockets per person (the token's `sub`). With Redis, counted across nodes as leases in a sorted set per
 * person, refreshed by each node's heartbeat, so a node that dies releases its sockets within LEASE_MS. While
 * Redis is away, and without REDIS_URL, each node counts its own sockets.
 */
@Injectable()
export class SocketCap implements OnModuleDestroy {
  private readonly log = new Logger('Limits');
  /** Person key → socket ids this node holds. */
  private readonly local = new Map<string, Set<string>>();
  private readonly held = new Map<string, Held>();
  private readonly timer: NodeJS.Timeout;
  private isLive: (socketId: string) => boolean = () => true;

  constructor(
    private readonly redis: LimitsRedis,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Which sockets this node still has, so leases of sockets that never finished connecting are released. */
  watch(isLive: (socketId: string) => boolean): void {
    this.isLive = isLive;
  }

  /** Takes a place for the socket; false when the person already holds the most allowed. */
  async acquire(sub: string, socketId: string): Promise<boolean> {
    const key = `${this.redis.prefix}:sockets:${LimitsRedis.digest(sub)}`;
    const mine = this.local.get(key) ?? new Set<string>();
    let admitted: boolean;
    try {
      admitted = this.redis.client
        ? Number(
            await this.redis.client.sendCommand([
              'EVAL',
              ACQUIRE,
              '1',
              key,
              String(Date.now()),
              String(LEASE_MS),
              String(this.config.socket.maxPerPerson),
              socketId,
            ]),
          ) === 1
        : mine.size < this.config.socket.maxPerPerson;
    } catch (e) {
      this.log.warn(`Socket cap counted on this node only: ${e instanceof Error ? e.message : String(e)}`);
      admitted = mine.size < this.config.socket.maxPerPerson;
    }
    if (!admitted) return false;
    mine.add(socketId);
    this.local.set(key, mine);
    this.held.set(socketId, { key, since: Date.now() });
    return true;
  }

  release(socketId: string): void {
    const held = this.held.get(socketId);
    if (!held) return;
    this.held.delete(socketId);
    const mine = this.local.get(held.key);
    mine?.delete(socketId);
    if (mine?.size === 0) this.local.delete(held.key);
    if (this.redis.client?.isReady) this.redis.client.sendCommand(['ZREM', held.key, socketId]).catch(() => undefined);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    for (const [socketId, held] of this.held) if (now - held.since > GRACE_MS && !this.isLive(socketId)) this.release(socketId);
    const client = this.redis.client;
    if (!client?.isReady) return;
    try {
      for (const [key, ids] of this.local) {
        await client.sendCommand(['ZADD', key, ...[...ids].flatMap((id) => [String(now + LEASE_MS), id])]);
        await client.sendCommand(['PEXPIRE', key, String(LEASE_MS)]);
      }
    } catch (e) {
      this.log.warn(`Socket leases not refreshed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
