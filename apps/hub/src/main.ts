import 'reflect-metadata';
import pino from 'pino';
import { pinoOptions } from './common/logging';
import { ConfigError, loadConfig } from './config/config';
import type { EmbeddedDatabase } from './database/embedded-postgres';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { createHub, listenOps } from './hub';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`Configuration error: ${p.variable} ${p.problem}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = pino(pinoOptions(config.logLevel));
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl) {
    log.info({ database: new URL(databaseUrl).host }, 'Using PostgreSQL from DATABASE_URL');
  } else {
    log.info({ dataDir: config.embeddedPg.dataDir, port: config.embeddedPg.port }, 'DATABASE_URL is unset: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(config.embeddedPg.dataDir, config.embeddedPg.port, (line) => log.debug({ postgres: line }));
    databaseUrl = embedded.url;
    log.info({ dataDir: embedded.dataDir }, 'Embedded PostgreSQL is up; its data lives in dataDir and survives restarts');
  }
  if (config.auth.devIssuer)
    log.warn({ keyFile: config.auth.devKeyFile }, 'Development token issuer is ON (AUTH_DEV_ISSUER); never use it in production');

  const app = await createHub({ config, databaseUrl });
  await app.listen({ port: config.port, host: config.host });
  const ops = await listenOps(app, config);
  log.info(
    { url: await app.getUrl(), docs: '/docs', ops: ops ?? 'same port', redis: config.redisUrl ? 'on' : 'off' },
    'Samhandling hub is listening',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down');
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`The hub could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
