import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDataSource, runMigrations } from '../../libs/persistence/src/data-source';
import { startEmbeddedPostgres } from '../../apps/hub/src/database/embedded-postgres';
import { adminQuery, databaseUrl, uniqueName } from './postgres';
import { MIGRATIONS } from '../../migrations';

declare global {
  var __hubTestStop: (() => Promise<void>) | undefined;
}

/**
 * Migrates one template database per run; every test file clones it (CREATE DATABASE … TEMPLATE), so files run in
 * parallel on their own data. Uses DATABASE_URL's server when set, otherwise an embedded PostgreSQL.
 */
export default async function globalSetup(): Promise<void> {
  let server = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!server) {
    const embedded = await startEmbeddedPostgres(
      resolve(__dirname, '../../.data/test-postgres'),
      Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54339),
    );
    server = embedded.url;
    stopEmbedded = () => embedded.stop();
    process.env.DATABASE_URL = server;
  }
  const template = uniqueName('hub_template');
  await adminQuery(server, `CREATE DATABASE ${template}`);
  const ds = createDataSource({ url: databaseUrl(server, template), poolSize: 1, migrations: MIGRATIONS });
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  process.env.HUB_TEST_SERVER = server;
  process.env.HUB_TEST_TEMPLATE = template;
  process.env.HUB_TEST_DATA_DIR = mkdtempSync(join(tmpdir(), 'hub-test-'));
  globalThis.__hubTestStop = async () => {
    await adminQuery(server, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await stopEmbedded?.();
  };
}
