import { Pool } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { DataSourceOptions as TypeOrmOptions } from 'typeorm';

export interface PoolOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

export interface DataSourceOptions extends PoolOptions {
  /** The schema's migrations (migrations/index.ts), handed in so this lib does not reach outside itself. */
  migrations: NonNullable<TypeOrmOptions['migrations']>;
}

/** How every pool of ours connects; TypeORM's gets the same through its public `extra` option. */
function connection(options: PoolOptions) {
  return {
    connectionString: options.url,
    application_name: options.applicationName ?? 'samhandling-hub',
    max: options.poolSize,
    // Idle connections are kept for 5 minutes (pg's default is 10 s): a new connection pays for planning and for the
    // write function's first call again, which showed as second-long stalls after quiet spells in the benchmark.
    // A connection (or a free one in the pool) not had within 5 s answers 503 `unavailable`: not less, since a new
    // backend has taken over 2 s on a busy machine; during an outage the circuit (Db) answers before any wait.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 300_000,
  };
}

/** The `pg` pool the repositories query through (see `Db`). */
export function createPool(options: PoolOptions): Pool {
  const pool = new Pool(connection(options));
  // An idle connection that dies (a restarted database) is dropped by the pool; without a listener its error would end
  // the process. The next statement finds out, and the circuit in Db answers for the outage.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A TypeORM data source on `pg`, for the migrations (and the test harness's ad-hoc queries); the schema comes only
 * from the migrations, never from `synchronize`. Requests go through `Db` on a pool of its own.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const { application_name, ...extra } = connection(options);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: options.migrations,
    migrationsTransactionMode: 'each',
    logging: false,
    poolSize: options.poolSize,
    applicationName: application_name,
    extra,
  });
}

/** Any constant both nodes agree on: the key of the advisory lock that lets one node migrate at a time. */
const MIGRATION_LOCK = 7_320_451;

/**
 * Runs pending migrations; safe on every start and on several nodes starting at once: an advisory lock lets
 * one node migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // On the connection that holds the lock, so a pool of one connection is enough.
    const executor = new MigrationExecutor(ds, lock);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    return done.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
