import type { KeyLike } from 'jose';
import { importJWK, SignJWT, generateKeyPair, UnsecuredJWT } from 'jose';
import { createDataSource, runMigrations } from '@hub/persistence';
import { DEV_ISSUER, DEFAULT_AUDIENCE, loadConfig } from '../../apps/hub/src/config/config';
import { loadOrCreateDevKey } from '../../apps/hub/src/auth/dev-issuer';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { MIGRATIONS } from '../../migrations';

describe('the hub on a real PostgreSQL', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('is live and ready, and ready means the database answers', async () => {
    await hub.http().get('/health/live').expect(200);
    const ready = await hub.http().get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('serves Prometheus metrics with request counts by route pattern', async () => {
    await hub.http().get('/health/live').expect(200);
    const res = await hub.http().get('/metrics').expect(200);
    expect(res.text).toMatch(/hub_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(res.text).toContain('hub_http_request_duration_seconds_bucket');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await hub.http().get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health/ready');
    await hub.http().get('/docs').expect(200);
  });

  it('answers every bad token with the same bare 401', async () => {
    const key = await loadOrCreateDevKey(hub.config.auth.devKeyFile);
    const good = await hub.token({ role: 'veileder', sub: 'Z990001' });
    const sign = async (
      claims: Record<string, unknown>,
      opts: { iss?: string; aud?: string; exp?: string | number; signWith?: KeyLike | Uint8Array },
    ) => {
      const k = opts.signWith ?? (await importJWK(key.privateJwk, 'ES256'));
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid })
        .setIssuer(opts.iss ?? DEV_ISSUER)
        .setAudience(opts.aud ?? DEFAULT_AUDIENCE)
        .setSubject('Z990001')
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '1h')
        .sign(k);
    };
    const stranger = (await generateKeyPair('ES256')).privateKey;
    const bad: Record<string, string> = {
      expired: await sign({ role: 'veileder' }, { exp: Math.floor(Date.now() / 1000) - 60 }),
      wronglySigned: await sign({ role: 'veileder' }, { signWith: stranger }),
      algNone: new UnsecuredJWT({ role: 'veileder' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setSubject('Z990001')
        .setExpirationTime('1h')
        .encode(),
      wrongIssuer: await sign({ role: 'veileder' }, { iss: 'https://evil.example' }),
      wrongAudience: await sign({ role: 'veileder' }, { aud: 'another-service' }),
      unknownRole: await sign({ role: 'admin' }, {}),
      garbage: 'not.a.jwt',
    };
    // Any guarded route: the caller's own case list.
    const guarded = '/cases';
    const ok = await hub.http().get(guarded).set('authorization', `Bearer ${good}`);
    expect(ok.status).not.toBe(401);
    const bodies = new Set<string>();
    for (const [kind, token] of Object.entries(bad)) {
      const res = await hub.http().get(guarded).set('authorization', `Bearer ${token}`);
      expect({ kind, status: res.status }).toEqual({ kind, status: 401 });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      bodies.add(JSON.stringify(res.body));
    }
    const missing = await hub.http().get(guarded).expect(401);
    bodies.add(JSON.stringify(missing.body));
    expect([...bodies]).toEqual([JSON.stringify({ error: 'unauthorized', message: 'Unauthorized' })]);
  });

  it('refuses a token issued in the future or living longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    const key = await importJWK((await loadOrCreateDevKey(hub.config.auth.devKeyFile)).privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number) =>
      new SignJWT({ role: 'veileder' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setSubject('Z990001')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
    const status = async (token: string) => (await hub.http().get('/cases').set('authorization', `Bearer ${token}`)).status;
    expect(hub.config.auth.maxTokenLifetimeSeconds).toBe(43_200);
    expect(await status(await sign(now + 600, now + 1200))).toBe(401);
    expect(await status(await sign(now, now + 43_200 + 60))).toBe(401);
    // Small clock skew and a lifetime at the limit are fine.
    expect(await status(await sign(now + 30, now + 3600))).toBe(200);
    expect(await status(await sign(now, now + 43_200))).toBe(200);
  });

  it('publishes the development issuer keys and issues development tokens', async () => {
    const jwks = await hub.http().get('/dev-issuer/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    const res = await hub.http().post('/dev-issuer/token').send({ role: 'fastlege', sub: 'hpr-1' }).expect(201);
    await hub.http().get('/cases').set('authorization', `Bearer ${res.body.token}`).expect(200);
    // It makes no token the hub itself would refuse for its lifetime.
    const long = await hub.http().post('/dev-issuer/token').send({ role: 'fastlege', sub: 'hpr-1', ttlSeconds: 86_400 }).expect(400);
    expect(long.body.details).toEqual([{ field: 'ttlSeconds', constraint: 'max' }]);
  });

  it('refuses bad input naming the field, and unknown fields', async () => {
    const res = await hub.http().post('/dev-issuer/token').send({ role: 'overlege', sub: '', extra: 1 }).expect(400);
    expect(res.body.error).toBe('invalid');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['role', 'sub', 'extra']));
    expect(res.body.message).toContain('role');
    expect(JSON.stringify(res.body)).not.toContain('overlege');
  });

  it('refuses a body over the size limit and malformed JSON in the same error shape', async () => {
    const big = 'x'.repeat(hub.config.bodyLimitBytes + 10);
    const tooBig = await hub.http().post('/dev-issuer/token').set('content-type', 'application/json').send(`{"sub":"${big}"}`).expect(413);
    expect(tooBig.body).toEqual({ error: 'too_large', message: 'Request too large' });
    const broken = await hub.http().post('/dev-issuer/token').set('content-type', 'application/json').send('{"role":').expect(400);
    expect(broken.body.error).toBe('invalid');
  });

  it('gives every response a correlation id and keeps a plain one the caller sent', async () => {
    const res = await hub.http().get('/health/live').set('x-correlation-id', 'abc-12345678').expect(200);
    expect(res.headers['x-correlation-id']).toBe('abc-12345678');
    const made = await hub.http().get('/health/live').expect(200);
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('configuration', () => {
  it('stops start-up with a message naming each wrong variable', () => {
    const attempt = () => loadConfig({ PORT: '-1', DATABASE_URL: 'http://db', AUTH_JWKS_URL: 'ftp://x', AUTH_DEV_ISSUER: 'false' });
    expect(attempt).toThrow(/PORT must be a whole number from 0 to 65535/);
    expect(attempt).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\//);
    expect(attempt).toThrow(/AUTH_JWKS_URL must be a URL/);
  });

  it('refuses to start the hub with the development issuer in production', async () => {
    await expect(startHub({ env: { NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true' } })).rejects.toThrow(/AUTH_DEV_ISSUER/);
  });
});

describe('migrations', () => {
  it('build the whole schema on an empty database, once', async () => {
    const server = process.env.HUB_TEST_SERVER!;
    const name = uniqueName('hub_empty');
    await adminQuery(server, `CREATE DATABASE ${name}`);
    try {
      const ds = createDataSource({ url: databaseUrl(server, name), poolSize: 1, migrations: MIGRATIONS });
      await ds.initialize();
      const first = await runMigrations(ds);
      const second = await runMigrations(ds);
      const tables: { table_name: string }[] = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      await ds.destroy();
      expect(first.length).toBeGreaterThan(0);
      expect(second).toEqual([]);
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['cases', 'messages', 'case_events', 'audit_log', 'migrations']),
      );
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});

describe('migrations on several nodes at once', () => {
  it('apply once when two data sources start together', async () => {
    const server = process.env.HUB_TEST_SERVER!;
    const name = uniqueName('hub_race');
    await adminQuery(server, `CREATE DATABASE ${name}`);
    try {
      const [a, b] = [
        createDataSource({ url: databaseUrl(server, name), poolSize: 2, migrations: MIGRATIONS }),
        createDataSource({ url: databaseUrl(server, name), poolSize: 2, migrations: MIGRATIONS }),
      ];
      await Promise.all([a.initialize(), b.initialize()]);
      const [ranA, ranB] = await Promise.all([runMigrations(a), runMigrations(b)]);
      const applied: { name: string }[] = await a.query('SELECT name FROM migrations');
      await Promise.all([a.destroy(), b.destroy()]);
      expect([ranA.length, ranB.length].sort()).toEqual([0, applied.length]);
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
