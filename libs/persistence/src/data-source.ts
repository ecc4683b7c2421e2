import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

/** A TypeORM data source on `pg`; the schema comes only from the migrations, never from `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    logging: false,
    poolSize: options.poolSize,
    applicationName: options.applicationName ?? 'samhandling-hub',
    extra: { max: options.poolSize, connectionTimeoutMillis: 5000 },
  });
}

/** Runs pending migrations; safe on every start (each migration is one transaction, applied once). */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
