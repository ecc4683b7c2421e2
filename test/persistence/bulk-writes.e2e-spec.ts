import { randomUUID } from 'node:crypto';
import { AuditRepository, Db } from '@hub/persistence';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('bulk writes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('stores a burst of audit rows larger than one statement can carry', async () => {
    const caseId = randomUUID();
    const at = new Date();
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      at,
      actorId: `a${i}`,
      actorRole: 'veileder' as const,
      caseId,
      action: 'deliver',
      subjectType: 'Message',
      subjectIds: [randomUUID()],
      decision: 'permit' as const,
      channel: 'socket' as const,
    }));
    await new AuditRepository(hub.app.get(Db)).insertMany(rows);
    const [{ n }] = await hub.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE case_id = $1', [caseId]);
    expect(Number(n)).toBe(12_000);
  });
});
