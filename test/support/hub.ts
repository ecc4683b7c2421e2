import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Actor } from '@hub/domain';
import type { HubConfig } from '../../apps/hub/src/config/config';
import { loadConfig } from '../../apps/hub/src/config/config';
import { createHub, listenOps } from '../../apps/hub/src/hub';
import { loadOrCreateDevKey, signDevToken } from '../../apps/hub/src/auth/dev-issuer';
import { adminQuery, databaseUrl, uniqueName } from './postgres';
import { TestClock } from './test-clock';

export interface TestHub {
  app: NestFastifyApplication;
  url: string;
  /** The operations listener (OPS_PORT), when configured. */
  opsUrl?: string;
  config: HubConfig;
  clock: TestClock;
  /** Unauthenticated requests. */
  http: () => ReturnType<typeof request>;
  /** Requests carrying a development token for the actor. */
  as: (actor: Actor) => AuthedAgent;
  token: (actor: Actor) => Promise<string>;
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  stop: () => Promise<void>;
  /** The hub's own log lines (pino JSON), when started with `logs: true`. */
  logs: () => Record<string, unknown>[];
  /** Resolves with the first captured log line that matches (already written or still to come). */
  untilLog: (match: (line: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type AuthedAgent = Record<Method, (path: string) => request.Test>;

export interface StartOptions {
  env?: Record<string, string>;
  /** An existing database (e.g. a second node on the same data); by default a fresh clone of the migrated template. */
  databaseName?: string;
  /** Capture the hub's log lines (at LOG_LEVEL, default debug) instead of discarding them. */
  logs?: boolean;
}

/** Starts the real hub on its own database, listening on a free loopback port. */
export async function startHub(options: StartOptions = {}): Promise<TestHub & { databaseName: string }> {
  const server = process.env.HUB_TEST_SERVER!;
  const ownDatabase = options.databaseName === undefined;
  const databaseName = options.databaseName ?? uniqueName('hub_t');
  if (ownDatabase) await adminQuery(server, `CREATE DATABASE ${databaseName} TEMPLATE ${process.env.HUB_TEST_TEMPLATE}`);
  try {
    return await open(server, databaseName, ownDatabase, options);
  } catch (e) {
    // A hub that fails to start (a test of refused configuration) leaves no database behind.
    if (ownDatabase) await adminQuery(server, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    throw e;
  }
}

async function open(
  server: string,
  databaseName: string,
  ownDatabase: boolean,
  options: StartOptions,
): Promise<TestHub & { databaseName: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? (options.logs ? 'debug' : 'silent'),
    AUTH_DEV_ISSUER: 'true',
    HUB_DATA_DIR: process.env.HUB_TEST_DATA_DIR!,
    DB_POOL_SIZE: '4',
    // Test files drive one party hard from one address; the limits tests set their own.
    REST_RATE_LIMIT_POINTS: '1000000',
    REST_RATE_LIMIT_ANONYMOUS_POINTS: '1000000',
    ...options.env,
  });
  const clock = new TestClock();
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const write = (chunk: string) => {
    for (const l of chunk.split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
    for (const w of waiters) w();
  };
  const logDestination = options.logs ? { write } : undefined;
  const untilLog = (match: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((ok) => {
      const check = () => {
        const hit = lines.find(match);
        if (hit) {
          waiters.delete(check);
          ok(hit);
        }
      };
      waiters.add(check);
      check();
    });
  const app = await createHub({ config, databaseUrl: databaseUrl(server, databaseName), clock, logDestination });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = await app.getUrl();
  const opsUrl = await listenOps(app, config);
  const key = await loadOrCreateDevKey(config.auth.devKeyFile);
  const tokens = new Map<string, string>();
  const token = async (actor: Actor): Promise<string> => {
    const k = `${actor.role}:${actor.sub}:${actor.enhet ?? ''}:${actor.name ?? ''}`;
    if (!tokens.has(k))
      tokens.set(
        k,
        await signDevToken(key, {
          role: actor.role,
          sub: actor.sub,
          enhet: actor.enhet,
          name: actor.name,
          maxTtlSeconds: config.auth.maxTokenLifetimeSeconds,
        }),
      );
    return tokens.get(k)!;
  };
  const http = () => request(app.getHttpServer());
  const as = (actor: Actor): AuthedAgent => {
    const make = (m: Method) => (path: string) => {
      const t = http()[m](path);
      // supertest sends when awaited; the token is signed lazily just before.
      const then = t.then.bind(t);
      t.then = ((ok, fail) => token(actor).then((tok) => then.call(t.set('authorization', `Bearer ${tok}`), ok, fail))) as typeof t.then;
      return t;
    };
    return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete') };
  };
  return {
    app,
    url,
    opsUrl,
    config,
    clock,
    http,
    as,
    token,
    databaseName,
    query: (sql, params) => app.get(DataSource).query(sql, params),
    logs: () => [...lines],
    untilLog,
    stop: async () => {
      await app.close();
      if (ownDatabase) await adminQuery(server, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    },
  };
}
