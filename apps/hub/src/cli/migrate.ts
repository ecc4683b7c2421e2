import 'reflect-metadata';
import { createDataSource, runMigrations } from '@hub/persistence';
import { ConfigError, loadConfig } from '../config/config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { MIGRATIONS } from '../../../../migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.embeddedPg.dataDir, config.embeddedPg.port);
  const ds = createDataSource({ url: config.databaseUrl ?? embedded!.url, poolSize: 1, migrations: MIGRATIONS });
  try {
    await ds.initialize();
    const applied = await runMigrations(ds);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations\n');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  const msg = e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e);
  process.stderr.write(`Migration failed: ${msg}\n`);
  process.exit(1);
});
