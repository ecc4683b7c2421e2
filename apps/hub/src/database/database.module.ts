import { type DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, Db, runMigrations } from '@hub/persistence';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { MIGRATIONS } from '../../../../migrations';

export const DATABASE_URL = Symbol('DATABASE_URL');

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

const PROVIDERS: Provider[] = [
  {
    provide: DataSource,
    inject: [HUB_CONFIG, DATABASE_URL],
    useFactory: async (config: HubConfig, url: string): Promise<DataSource> => {
      const ds = createDataSource({ url, poolSize: config.dbPoolSize, migrations: MIGRATIONS });
      await ds.initialize();
      const applied = await runMigrations(ds);
      if (applied.length > 0) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
      return ds;
    },
  },
  {
    provide: Db,
    inject: [DataSource],
    useFactory: (ds: DataSource) => {
      const log = new Logger('Database');
      return Db.fromDataSource(ds, {
        onCircuit: (open, openMs) =>
          open
            ? log.warn('Database unreachable: requests answer 503 unavailable until it answers again')
            : log.warn(`Database answers again after ${openMs} ms`),
      });
    },
  },
  DataSourceCloser,
];

/** The one connection pool; migrations run before any other provider can use it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: DATABASE_URL, useValue: url }, ...PROVIDERS], exports: [DataSource, Db] };
  }
}
