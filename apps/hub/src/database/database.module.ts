import { type DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, createPool, Db, runMigrations } from '@hub/persistence';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { MIGRATIONS } from '../../../../migrations';

export const DATABASE_URL = Symbol('DATABASE_URL');

/** Connections TypeORM keeps after the migrations, for ad-hoc queries (the test harness); requests use Db's pool. */
const MIGRATION_POOL_SIZE = 2;

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly db: Db,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
    if (this.ds.isInitialized) await this.ds.destroy();
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
        onCircuit: (open, openMs) =>
          open
            ? log.warn('Database unreachable: requests answer 503 unavailable until it answers again')
            : log.warn(`Database answers again after ${openMs} ms`),
      });
    },
  },
  DatabaseCloser,
];

/** The requests' connection pool (Db) and TypeORM's for the migrations, which run before any other provider can query. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: DATABASE_URL, useValue: url }, ...PROVIDERS], exports: [DataSource, Db] };
  }
}
