import { randomUUID } from 'node:crypto';
import { AuditRepository, Db, type NewVarselItem, VarselRepository } from '@hub/persistence';
import { caseWithFourParties } from '../factories/make';
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

  it("adds a plan run's varsel items in two statements, merged as one upsert after another would merge them", async () => {
    const c = await caseWithFourParties(hub);
    const db = hub.app.get(Db);
    const thread = randomUUID();
    const at = new Date('2026-09-01T10:00:00Z');
    const now = new Date('2026-09-01T10:00:05Z');
    const due = (s: number) => new Date(at.getTime() + s * 1000);
    const item = (personId: string, thing: string, kind: string, seq: number, threadId: string | null): NewVarselItem =>
      ({ caseId: c.id, personId, role: 'sykmeldt', seat: 'sykmeldt', kind, thing, threadId, seq, at: due(seq) }) as NewVarselItem;
    // The leder already collects (an earlier run): their items join that varsel, whose due time stays.
    const existing = randomUUID();
    await hub.query(
      `INSERT INTO varsler (id, case_id, person_id, role, status, created_at, due_at) VALUES ($1, $2, $3, 'arbeidsgiver', 'collecting', $4, $5)`,
      [existing, c.id, c.arbeidsgiver.sub, at, due(900)],
    );
    await hub.query(
      `INSERT INTO varsel_items (varsel_id, thing, kind, seat, thread_id, seq, at) VALUES ($1, 'm0', 'melding', 'x', NULL, 9, $2)`,
      [existing, at],
    );
    await new VarselRepository(db).addItems(
      [
        { item: item(c.sykmeldt.sub, 'm1', 'melding', 5, null), newId: randomUUID(), dueAt: due(100) },
        { item: item(c.sykmeldt.sub, 'm1', 'forespørsel', 3, thread), newId: randomUUID(), dueAt: due(200) },
        { item: item(c.sykmeldt.sub, 'm1', 'plan', 4, null), newId: randomUUID(), dueAt: due(300) },
        { item: item(c.sykmeldt.sub, 'm2', 'melding', 6, thread), newId: randomUUID(), dueAt: due(400) },
        { item: item(c.arbeidsgiver.sub, 'm0', 'plan', 7, thread), newId: randomUUID(), dueAt: due(500) },
      ],
      now,
    );
    const varsler = await hub.query<{ id: string; person_id: string; due_at: Date }>(
      `SELECT id, person_id, due_at FROM varsler WHERE case_id = $1 AND status = 'collecting' ORDER BY person_id`,
      [c.id],
    );
    expect(varsler.map((v) => [v.person_id, v.due_at.toISOString()]).sort()).toEqual(
      [
        [c.arbeidsgiver.sub, due(900).toISOString()],
        [c.sykmeldt.sub, due(100).toISOString()],
      ].sort(),
    );
    const items = await hub.query<{ person_id: string; thing: string; kind: string; seq: string; thread_id: string | null }>(
      `SELECT v.person_id, i.thing, i.kind, i.seq, i.thread_id FROM varsel_items i JOIN varsler v ON v.id = i.varsel_id
        WHERE v.case_id = $1 ORDER BY v.person_id, i.thing`,
      [c.id],
    );
    expect(items.map((i) => [i.person_id, i.thing, i.kind, Number(i.seq), i.thread_id]).sort()).toEqual(
      [
        // 'melding' gives way to the first other kind, the lowest seq and the first thread stay.
        [c.sykmeldt.sub, 'm1', 'forespørsel', 3, thread],
        [c.sykmeldt.sub, 'm2', 'melding', 6, thread],
        [c.arbeidsgiver.sub, 'm0', 'plan', 7, thread],
      ].sort(),
    );
  });
});
