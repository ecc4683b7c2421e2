import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('readiness under a full connection pool', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('answers 503 within about a second, and its probes do not queue in the pool ahead of the requests that follow', async () => {
    // TypeORM's pg pool (the hub's shared one, DB_POOL_SIZE 4 in tests): every connection is taken and held.
    const pool = (hub.app.get(DataSource).driver as unknown as { master: Pool }).master;
    const held: PoolClient[] = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      const startedAt = Date.now();
      // A load balancer probing from several places at once.
      const answers = await Promise.all(Array.from({ length: 20 }, () => hub.http().get('/health/ready')));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
      expect(Date.now() - startedAt).toBeLessThan(2500);
      // One probe waits for a connection, not twenty: a returning database is not met by a queue of stale SELECT 1s.
      expect(pool.waitingCount).toBeLessThanOrEqual(1);
    } finally {
      held.forEach((c) => c.release());
    }
    await hub.http().get('/health/ready').expect(200);
  });
});
