import type { Pool, PoolClient } from 'pg';
import { Db } from '@hub/persistence';
import type { Actor } from '@hub/domain';
import { shortId } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('a full connection pool', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());
  /** The requests' pg pool (Db's own, not the writer's or TypeORM's), DB_POOL_SIZE 4 in tests. */
  const sharedPool = (): Pool => {
    const db: unknown = hub.app.get(Db);
    return (db as { pool: Pool }).pool;
  };

  it('answers 503 within about a second, and its probes do not queue in the pool ahead of the requests that follow', async () => {
    // Every connection is taken and held.
    const pool = sharedPool();
    const held: PoolClient[] = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      const startedAt = Date.now();
      // A load balancer probing from several places at once.
      const answers = await Promise.all(Array.from({ length: 20 }, () => hub.http().get('/health/ready')));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
      expect(Date.now() - startedAt).toBeLessThan(2500);
      // One probe waits for a connection, not twenty: a returning database is not met by a queue of stale SELECT 1s.
      // (The hub's own background work, the search indexer and the node heartbeat, may wait beside it.)
      expect(pool.waitingCount).toBeLessThanOrEqual(3);
    } finally {
      held.forEach((c) => c.release());
    }
    await hub.http().get('/health/ready').expect(200);
  });

  it('answers busy at once, with a retry hint, to requests past the bounded wait for a connection, and serves those that waited', async () => {
    const pool = sharedPool();
    const veileder: Actor = { role: 'veileder', sub: shortId('Z99') };
    const held: PoolClient[] = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    const startedAt = Date.now();
    const requests = Array.from({ length: 100 }, async () => {
      const res = await hub.as(veileder).get('/cases');
      return { status: res.status, body: res.body as unknown, ms: Date.now() - startedAt };
    });
    // The pool is freed only after a while: the refusals came before that, without waiting for it.
    await new Promise((r) => setTimeout(r, 1500));
    const releasedMs = Date.now() - startedAt;
    held.splice(0).forEach((c) => c.release());
    const answers = await Promise.all(requests);
    const busy = answers.filter((a) => a.status === 503);
    // 4 connections × 16 may wait; the others are told to come back.
    expect(busy.length).toBeGreaterThanOrEqual(100 - 64);
    expect(busy[0].body).toEqual({ error: 'busy', message: expect.any(String), retryAfterMs: 1000 });
    expect(busy.filter((a) => a.ms >= releasedMs)).toEqual([]);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  });
});
