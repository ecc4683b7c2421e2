import { type DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, createPool, Db, runMigrations } from '@hub/persistence';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { MIGRATIONS } from '../../../../migrations';

export const DATABASE_URL = Symbol('DATABASE_URL');
/** The group-commit writer's own connections (a `Db` sharing the main one's circuit). */
export const WRITER_DB = Symbol('WRITER_DB');
const WRITER_POOL = Symbol('WRITER_POOL');
/** Batches the message writer has in flight at once, each on a connection of its own. */
export const WRITER_CONNECTIONS = 2;
/** Statements that may queue for the shared pool, per connection in it; past that a statement is answered `busy`. */
const DB_WAITING_PER_CONNECTION = 16;

/** Connections TypeORM keeps after the migrations, for ad-hoc queries (the test harness); requests use Db's pool. */
const MIGRATION_POOL_SIZE = 2;

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly db: Db,
    @Inject(WRITER_POOL) private readonly writerPool: Pool,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
    if (this.ds.isInitialized) await this.ds.destroy();
    await this.writerPool.end();
  }
}

const PROVIDERS: Provider[] = [
  {
    provide: DataSource,
    inject: [DATABASE_URL],
    useFactory: async (url: string): Promise<DataSource> => {
      const ds = createDataSource({ url, poolSize: MIGRATION_POOL_SIZE, migrations: MIGRATIONS });
      await ds.initialize();
      const applied = await runMigrations(ds);
      if (applied.length > 0) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
      return ds;
    },
  },
  {
    provide: Db,
    // After the DataSource, so the schema is migrated before any request can query it.
    inject: [HUB_CONFIG, DATABASE_URL, DataSource],
    useFactory: (config: HubConfig, url: string) => {
      const log = new Logger('Database');
      return new Db(createPool({ url, poolSize: config.dbPoolSize }), {
        maxWaiting: DB_WAITING_PER_CONNECTION * config.dbPoolSize,
        onCircuit: (open, openMs) =>
          open
            ? log.warn('Database unreachable: requests answer 503 unavailable until it answers again')
            : log.warn(`Database answers again after ${openMs} ms`),
      });
    },
  },
  {
    // Writes of new messages do not queue for a connection behind reads (a burst of resubscribe catch-ups and REST
    // retries after the database returns fills the shared pool), and wait for one (a new backend can take seconds on a
    // busy machine) no longer than twice the write deadline: a batch that never got a connection was never written,
    // so its senders may hear an error. A write that runs past twice the deadline (a stalled database) is cancelled
    // and rolled back, so a send in a batch is answered too.
    provide: WRITER_POOL,
    inject: [HUB_CONFIG, DATABASE_URL],
    useFactory: (config: HubConfig, url: string): Pool => {
      const pool = new Pool({
        connectionString: url,
        max: WRITER_CONNECTIONS,
        connectionTimeoutMillis: 2 * config.messages.writeDeadlineMs,
        statement_timeout: 2 * config.messages.writeDeadlineMs,
        idleTimeoutMillis: 300_000,
        application_name: 'samhandling-hub-writer',
      });
      // An idle connection the server ended (a restart) is dropped by the pool; unheard, the error would end the process.
      pool.on('error', () => undefined);
      return pool;
    },
  },
  { provide: WRITER_DB, inject: [Db, WRITER_POOL], useFactory: (db: Db, pool: Pool) => db.withPool(pool) },
  DatabaseCloser,
];

/** The requests' connection pool (Db), the message writer's own few connections, and TypeORM's for the migrations,
 * which run before any other provider can query. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_URL, useValue: url }, ...PROVIDERS],
      exports: [DataSource, Db, WRITER_DB],
    };
  }
}
