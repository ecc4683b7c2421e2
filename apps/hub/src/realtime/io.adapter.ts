import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { watchRedis } from '../common/redis-watch';
import type { HubConfig } from '../config/config';
import { coalesceWrites } from './write-coalescing';

type RedisClient = ReturnType<typeof createClient>;

/**
 * socket.io on the hub's HTTP server. With REDIS_URL, nodes share rooms and server-side events through the
 * Redis Streams adapter; without it, one node works alone with the in-memory adapter.
 */
export class HubIoAdapter extends IoAdapter {
  private redis?: RedisClient;
  private readonly log = new Logger('Sockets');
  private readonly reconnected: (() => void)[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: HubConfig,
  ) {
    super(app);
  }

  /** Connects to Redis before the socket server is created, so a wrong REDIS_URL stops start-up with a clear error. */
  async connect(): Promise<void> {
    if (!this.config.redisUrl) return;
    // While Redis is away, publishes wait in the client's offline queue. They may still be lost (with a node, or with
    // Redis itself): every node reads what it missed from the event log when Redis returns (onReconnect).
    const client = createClient({ url: this.config.redisUrl, socket: { reconnectStrategy: (n: number) => Math.min(n * 100, 2000) } });
    watchRedis(client, 'sockets', this.log);
    let lost = false;
    client.on('error', () => {
      lost = true;
    });
    client.on('reconnecting', () => {
      lost = true;
    });
    client.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.reconnected.forEach((f) => f());
    });
    // The adapter sends server-side events (our cross-node fan-out, every batch) with PUBLISH and drops the promise:
    // one on the wire when Redis dies is rejected with nobody listening, and that ended the process. What it carried
    // is read back from the event log on reconnect, so the failure needs only a listener.
    const publish = client.publish.bind(client);
    Object.assign(client, {
      publish: (...args: Parameters<typeof publish>) => {
        const sent = publish(...args);
        sent.catch(() => undefined);
        return sent;
      },
    });
    // The adapter reads the stream on duplicates of this client, with a blocking XREAD of up to 5 s, and on close drops
    // them only when that read returns. Unreferenced, they do not keep a stopped hub's process alive meanwhile; while
    // it runs, its HTTP server does. Each gets our own error listener rather than relying on the adapter's.
    const duplicate = client.duplicate.bind(client);
    let copies = 0;
    client.duplicate = ((...args: Parameters<typeof duplicate>) => {
      const copy = duplicate(...args);
      watchRedis(copy, `sockets reader ${++copies}`, this.log);
      copy.unref();
      return copy;
    }) as typeof client.duplicate;
    await client.connect();
    this.redis = client;
  }

  /** Called each time the connection to Redis is back after it was lost (cross-node events may have been missed). */
  onReconnect(listener: () => void): void {
    this.reconnected.push(listener);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      maxHttpBufferSize: this.config.socket.maxPayloadBytes,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      cors: { origin: false },
    }) as Server;
    server.engine.on('connection', coalesceWrites);
    if (this.redis) {
      const prefix = this.config.redisPrefix;
      server.adapter(
        createAdapter(this.redis, {
          streamName: `${prefix}:socket.io`,
          channelPrefix: `${prefix}:socket.io`,
          maxLen: 10_000,
          onlyPlaintext: true,
        }),
      );
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
  }
}
