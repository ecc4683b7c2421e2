import { DataSource, MigrationExecutor } from 'typeorm';
import type { DataSourceOptions as TypeOrmOptions } from 'typeorm';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
  /** The schema's migrations (migrations/index.ts), handed in so this lib does not reach outside itself. */
  migrations: NonNullable<TypeOrmOptions['migrations']>;
}

/** A TypeORM data source on `pg`; the schema comes only from the migrations, never from `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: options.migrations,
    migrationsTransactionMode: 'each',
    logging: false,
    poolSize: options.poolSize,
    applicationName: options.applicationName ?? 'samhandling-hub',
    // Idle connections are kept for 5 minutes (pg's default is 10 s): a new connection pays for planning and for the
    // write function's first call again, which showed as second-long stalls after quiet spells in the benchmark.
    // A connection (or a free one in the pool) not had within 5 s answers 503 `unavailable`: not less, since a new
    // backend has taken over 2 s on a busy machine; during an outage the circuit (Db) answers before any wait.
    extra: { max: options.poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 300_000 },
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
