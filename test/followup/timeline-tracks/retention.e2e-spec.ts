import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import { RetentionJob } from '../../../apps/hub/src/followup/retention/retention-job';
import { TimelineReminderJob } from '../../../apps/hub/src/followup/timeline/timeline-reminder-job';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties, seats, send, thread } from '../../factories/make';
import { shortId } from '../../factories/ids';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const at = (iso: string) => new Date(iso);

/** A case with content in every part: threads, messages with versions, consent, handover, timeline, tracks, sluttdato. */
async function fullCase(hub: TestHub, startDate: string): Promise<FourPartyCase & { ids: string[]; veileder: Actor }> {
  const c = await caseWithFourParties(hub, startDate);
  const s = seats(c);
  const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
  const lege = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Lege og NAV');
  const m1 = await send(hub, c, group, c.sykmeldt, { tekst: 'Første utkast' });
  await hub.as(c.sykmeldt).patch(`/cases/${c.id}/threads/${group}/messages/${m1.body.id}`).send({ tekst: 'Rettet' }).expect(200);
  const m2 = await send(hub, c, lege, c.fastlege, {
    tekst: 'Svar',
    diagnose: [{ system: 'ICPC-2', kode: 'L84', tekst: 'Ryggsyndrom' }],
    medisinskVurdering: 'Bedring ventes',
  });
  const foresporsel = await hub
    .as(c.veileder)
    .post(`/cases/${c.id}/threads/${lege}/dialogmeldinger`)
    .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'Prognose?' })
    .expect(201);
  await hub.as(c.sykmeldt).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
  await hub.as(c.veileder).post(`/cases/${c.id}/timeline/OPPFOLGINGSPLAN/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
  const track = await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201);
  const task = await hub
    .as(c.veileder)
    .post(`/cases/${c.id}/tracks/${track.body.id}/tasks`)
    .send({ tittel: 'Avklare', eier: s.arbeidsgiver, frist: '2030-01-01T00:00:00Z', traadId: group })
    .expect(201);
  const next: Actor = { role: 'veileder', sub: shortId('Z99') };
  await hub
    .as(c.veileder)
    .post(`/cases/${c.id}/handover`)
    .send({ toVeilederId: next.sub, notat: 'Alt er dokumentert i trådene.' })
    .expect(201);
  return { ...c, veileder: next, ids: [c.id, group, lege, m1.body.id, m2.body.id, foresporsel.body.id, track.body.id, task.body.id] };
}

describe('retention: a case is deleted when its sykepengeår has ended plus RETENTION_DAYS', () => {
  let hub: TestHub;
  let job: RetentionJob;
  let tables: string[];
  beforeAll(async () => {
    hub = await startHub({ env: { RETENTION_DAYS: '30' } });
    job = hub.app.get(RetentionJob);
    tables = (
      await hub.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((t) => t.name);
  });
  afterAll(() => hub.stop());

  /** Per table, the rows whose any column mentions one of the values (ids, a fødselsnummer): schema-agnostic, so new tables are covered. */
  const mentions = async (values: string[]): Promise<Record<string, number>> => {
    const pattern = values.join('|');
    const out: Record<string, number> = {};
    for (const t of tables) {
      const [row] = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}" x WHERE x::text ~ $1`, [pattern]);
      if (Number(row.n) > 0) out[t] = Number(row.n);
    }
    return out;
  };

  it('relies on a schema where deleting the case row takes every table of case content with it', async () => {
    // Any foreign key that neither cascades nor nulls would block the deletion (or keep content alive), whichever feature adds it.
    const blocking = await hub.query<{ name: string }>(
      `SELECT conrelid::regclass::text || '.' || conname AS name FROM pg_constraint
        WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND confdeltype NOT IN ('c', 'n') ORDER BY 1`,
    );
    expect(blocking).toEqual([]);
    // A table that names a case without referencing it would outlive the deletion; only the audit log may (by design),
    // and the messages and events, whose keys would cost each write a row lock: the retention deletes them itself
    // (RetentionRepository.deleteCase), which the test below checks.
    const loose = await hub.query<{ name: string }>(
      `SELECT c.table_name AS name FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name = 'case_id' AND c.table_name NOT IN ('audit_log', 'messages', 'case_events')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid = c.table_name::regclass AND k.confrelid = 'cases'::regclass)
        ORDER BY 1`,
    );
    expect(loose).toEqual([]);
  });

  it('deletes what is due, case by case, and nothing of a younger case; the audit log stays without the fødselsnummer', async () => {
    hub.clock.set(at('2024-08-01T08:00:00Z'));
    const old = await fullCase(hub, '2024-01-01'); // sykepengeår ends 2024-12-30, deleted from 2025-01-29
    const young = await fullCase(hub, '2024-06-03'); // ends 2025-06-02, deleted from 2025-07-02
    const short = await fullCase(hub, '2024-07-01');
    // The sick leave ended early: its year ends the day after the sluttdato, and deletion follows 30 days later.
    const set = await hub.as(short.veileder).put(`/cases/${short.id}/sluttdato`).send({ sluttdato: '2024-09-15' }).expect(200);
    expect(set.body).toEqual({
      forsteSykedag: '2024-07-01',
      sluttdato: '2024-09-15',
      sykepengeaarSlutt: '2024-09-16T00:00:00.000Z',
      slettes: '2024-10-16T00:00:00.000Z',
    });
    expect((await hub.as(old.sykmeldt).get(`/cases/${old.id}/retention`).expect(200)).body).toEqual({
      forsteSykedag: '2024-01-01',
      sluttdato: null,
      sykepengeaarSlutt: '2024-12-30T00:00:00.000Z',
      slettes: '2025-01-29T00:00:00.000Z',
    });
    // A lookup by fødselsnummer left this in the audit log, as an import or a search by fnr would.
    await hub.query(
      `INSERT INTO audit_log (actor_id, actor_role, case_id, action, subject_type, subject_ids, decision) VALUES ('Z990001', 'veileder', $1, 'lookup', 'Person', ARRAY[$2], 'permit')`,
      [old.id, old.fnr],
    );
    // The reminder job leaves its keys too, so its table is covered.
    hub.clock.set(at('2024-08-05T06:00:00Z'));
    await hub.app.get(TimelineReminderJob).runOnce();

    // Names from the parties' tokens: the short case's sykmeldt takes part in nothing else; its leder also leads in the young case.
    const named = (a: Actor, name: string) =>
      hub
        .as({ ...a, name })
        .get('/cases')
        .expect(200);
    await named(short.sykmeldt, 'Navn Som Slettes');
    await hub
      .as(young.veileder)
      .post(`/cases/${young.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: short.arbeidsgiver.sub, orgnr: short.orgnr })
      .expect(201);
    await named(short.arbeidsgiver, 'Navn Som Blir');
    const names = async () => (await hub.query<{ navn: string }>(`SELECT navn FROM persons ORDER BY navn`)).map((r) => r.navn);
    expect(await names()).toEqual(['Navn Som Blir', 'Navn Som Slettes']);

    const youngBefore = await mentions([...young.ids, young.fnr]);
    expect(Object.keys(await mentions(old.ids))).toEqual(
      expect.arrayContaining([
        'cases',
        'case_events',
        'messages',
        'message_versions',
        'threads',
        'thread_participants',
        'dialogmeldinger',
        'tracks',
        'track_tasks',
        'timeline_marks',
        'timeline_reminders_sent',
        'consents',
        'handovers',
        'case_relations',
      ]),
    );

    hub.clock.set(at('2024-10-15T23:59:59Z'));
    await job.runOnce();
    expect((await mentions([short.id])).cases).toBe(1);
    hub.clock.set(at('2024-10-16T00:00:00Z'));
    await job.runOnce();
    expect(await mentions([...short.ids, short.fnr])).toEqual({ audit_log: expect.any(Number) });
    expect(await names()).toEqual(['Navn Som Blir']);
    expect((await mentions([old.id])).cases).toBe(1);

    hub.clock.set(at('2025-01-28T23:59:59Z'));
    await job.runOnce();
    await hub.as(old.veileder).get(`/cases/${old.id}`).expect(200);
    const auditOf = (caseId: string) =>
      hub.query<{ action: string; actor_id: string; subject_ids: string[] }>(
        `SELECT action, actor_id, subject_ids FROM audit_log WHERE case_id = $1 ORDER BY id`,
        [caseId],
      );
    const oldAuditRows = (await auditOf(old.id)).length;
    // Message writes and socket deliveries are derived while the case lives (issue 20); its deletion writes them out as rows.
    const [{ derived }] = await hub.query<{ derived: string }>(
      `SELECT (SELECT count(*) FROM hub_derived_deliveries($1, 0)) + (SELECT count(*) FROM messages WHERE case_id = $1 AND channel IS NOT NULL) AS derived`,
      [old.id],
    );
    hub.clock.set(at('2025-01-29T00:00:00Z'));
    await job.runOnce();
    await job.runOnce();

    // Nothing of the old case is left anywhere but in the audit log, which keeps its rows (ids, actions, times) and
    // records the deletion; no row holds the fødselsnummer.
    expect(await mentions(old.ids)).toEqual({ audit_log: expect.any(Number) });
    expect(await mentions([old.fnr])).toEqual({});
    const audit = await auditOf(old.id);
    expect(audit.length).toBe(oldAuditRows + Number(derived) + 1);
    expect(audit[audit.length - 1]).toEqual({ action: 'delete', actor_id: 'retention', subject_ids: [old.id] });
    expect(audit.find((a) => a.action === 'lookup')?.subject_ids).toEqual(['fjernet']);
    for (const who of [old.sykmeldt, old.veileder, old.arbeidsgiver]) await hub.as(who).get(`/cases/${old.id}`).expect(404);

    // The younger case is whole, row for row.
    expect(await mentions([...young.ids, young.fnr])).toEqual(youngBefore);
    const still = await hub.as(young.veileder).get(`/cases/${young.id}/tracks`).expect(200);
    expect(still.body[0].tasks).toHaveLength(1);

    hub.clock.set(at('2025-07-02T00:00:00Z'));
    await job.runOnce();
    expect(await mentions([...young.ids, young.fnr])).toEqual({ audit_log: expect.any(Number) });
  });

  it('lets only the veileder set the sluttdato, refuses one before the first sick day naming the field, and changes nothing', async () => {
    hub.clock.set(at('2025-03-03T08:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-01-06');
    const url = `/cases/${c.id}/sluttdato`;
    const before = await hub.as(c.veileder).get(`/cases/${c.id}/retention`).expect(200);
    expect((await hub.as(c.veileder).put(url).send({ sluttdato: '2025-01-05' }).expect(400)).body.details).toEqual([
      { field: 'sluttdato', constraint: 'notBeforeForsteSykedag' },
    ]);
    expect((await hub.as(c.veileder).put(url).send({ sluttdato: '2025-02-30' }).expect(400)).body.details).toEqual([
      { field: 'sluttdato', constraint: 'isIso8601' },
    ]);
    expect((await hub.as(c.veileder).put(url).send({ sluttdato: '2025-03-01T00:00:00Z' }).expect(400)).body.details).toEqual([
      { field: 'sluttdato', constraint: 'matches' },
    ]);
    await hub.as(c.arbeidsgiver).put(url).send({ sluttdato: '2025-03-01' }).expect(403);
    await hub.as(c.sykmeldt).put(url).send({ sluttdato: '2025-03-01' }).expect(403);
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/retention`).expect(403);
    await hub.as(c.fastlege).get(`/cases/${c.id}/retention`).expect(403);
    expect((await hub.as(c.sykmeldt).get(`/cases/${c.id}/retention`).expect(200)).body).toEqual(before.body);
    const events = await hub.as(c.veileder).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(events.body.events.filter((e: { type: string }) => e.type === 'case.sluttdato_set')).toEqual([]);

    // A sluttdato after week 52 (maksdato counts sykepengedager) moves the end later; the sykmeldt is told.
    const later = await hub.as(c.veileder).put(url).send({ sluttdato: '2026-02-10' }).expect(200);
    expect(later.body.sykepengeaarSlutt).toBe('2026-02-11T00:00:00.000Z');
    const told = await hub.as(c.sykmeldt).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(told.body.events.filter((e: { type: string }) => e.type === 'case.sluttdato_set').map((e: { data: unknown }) => e.data)).toEqual(
      [{ sluttdato: '2026-02-10' }],
    );
    const leder = await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(JSON.stringify(leder.body)).not.toContain('sluttdato');
  });
});
