import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties, seats, thread } from '../../factories/make';
import { shortId } from '../../factories/ids';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

interface TaskBody {
  id: string;
  trackKind: string;
  tittel: string;
  eier: string;
  egen: boolean;
  status: string;
  overdue: boolean;
  traadId?: string;
}
interface TrackBody {
  id: string;
  kind: string;
  tasks: TaskBody[];
}

const DAY = 86_400_000;

describe('parallelle løp through a handover', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const tracksOf = async (c: FourPartyCase, who: Actor): Promise<TrackBody[]> =>
    (await hub.as(who).get(`/cases/${c.id}/tracks`).expect(200)).body;
  /** kind → task titles, as the party sees them. */
  const seen = async (c: FourPartyCase, who: Actor) => (await tracksOf(c, who)).map((t) => [t.kind, t.tasks.map((k) => k.tittel)]);
  const frist = (from: Date, days: number) => new Date(from.getTime() + days * DAY).toISOString();

  it('runs tracks with tasks per owner, shows each party its part, and hands open tasks to the next veileder first', async () => {
    const t0 = new Date('2025-03-03T08:00:00Z');
    hub.clock.set(t0);
    const c = await caseWithFourParties(hub, '2025-01-06');
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder], c.veileder, 'Tilrettelegging');
    // Two forespørsler to the fastlege; one is answered, the other still waits when the case changes hands.
    const lege = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Prognose og gradering');
    const foresporsel = (tekst: string) =>
      hub
        .as(c.veileder)
        .post(`/cases/${c.id}/threads/${lege}/dialogmeldinger`)
        .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst })
        .expect(201);
    const venter = await foresporsel('Hva er forventet prognose?');
    const besvart = await foresporsel('Kan hun jobbe 50 %?');
    await hub
      .as(c.fastlege)
      .post(`/cases/${c.id}/threads/${lege}/dialogmeldinger/${besvart.body.id}/svar`)
      .send({ clientTxnId: randomUUID(), tekst: 'Ja, fra neste uke.' })
      .expect(201);

    const track = async (kind: string) =>
      (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind }).expect(201)).body as TrackBody;
    const retur = await track('RETUR_ARBEID');
    const med = await track('MEDISINSK_BEHANDLING');
    const tiltak = await track('TILTAK');
    const task = async (trackId: string, body: Record<string, unknown>) =>
      (await hub.as(c.veileder).post(`/cases/${c.id}/tracks/${trackId}/tasks`).send(body).expect(201)).body as TaskBody;
    const tilrettelegging = await task(retur.id, {
      tittel: 'Avklare tilrettelagte oppgaver',
      eier: s.arbeidsgiver,
      frist: frist(t0, 14),
      traadId: felles,
    });
    const gradering = await task(retur.id, { tittel: 'Vurdere gradering', eier: s.fastlege, frist: frist(t0, 2), traadId: felles });
    const plan = await task(retur.id, { tittel: 'Lage plan for gradert retur', eier: s.veileder, frist: frist(t0, 3) });
    const kontroll = await task(med.id, { tittel: 'Følge opp kontroll', eier: s.fastlege, frist: frist(t0, 5) });
    const kurs = await task(tiltak.id, { tittel: 'Melde seg på kurs', eier: s.sykmeldt, frist: frist(t0, 20) });
    expect(tilrettelegging).toMatchObject({
      status: 'APEN',
      overdue: false,
      eier: s.arbeidsgiver,
      egen: false,
      traadId: felles,
      trackKind: 'RETUR_ARBEID',
    });

    // Each party sees its own tasks and what it may of the others': the arbeidsgiver only the work tracks, not the behandler's task.
    expect(await seen(c, c.arbeidsgiver)).toEqual([
      ['RETUR_ARBEID', ['Lage plan for gradert retur', 'Avklare tilrettelagte oppgaver']],
      ['TILTAK', ['Melde seg på kurs']],
    ]);
    expect(await seen(c, c.fastlege)).toEqual([
      ['RETUR_ARBEID', ['Vurdere gradering']],
      ['MEDISINSK_BEHANDLING', ['Følge opp kontroll']],
    ]);
    const all = [
      ['RETUR_ARBEID', ['Vurdere gradering', 'Lage plan for gradert retur', 'Avklare tilrettelagte oppgaver']],
      ['MEDISINSK_BEHANDLING', ['Følge opp kontroll']],
      ['TILTAK', ['Melde seg på kurs']],
    ];
    expect(await seen(c, c.sykmeldt)).toEqual(all);
    expect(await seen(c, c.veileder)).toEqual(all);
    const ledersOwn = (await tracksOf(c, c.arbeidsgiver))[0].tasks.find((t) => t.id === tilrettelegging.id)!;
    expect(ledersOwn).toMatchObject({ egen: true, traadId: felles });
    // The fastlege takes no part in the thread, so it does not learn of it through its task either; the sykmeldt does.
    const ownTask = (await tracksOf(c, c.fastlege))[0].tasks[0];
    expect(ownTask).toMatchObject({ id: gradering.id, egen: true });
    expect(ownTask).not.toHaveProperty('traadId');
    expect((await tracksOf(c, c.sykmeldt))[0].tasks.find((t) => t.id === gradering.id)?.traadId).toBe(felles);

    // Owners move their own tasks; others may not, and a move the rules do not list is a conflict that changes nothing.
    const status = (who: Actor, trackId: string, taskId: string, to: string) =>
      hub.as(who).put(`/cases/${c.id}/tracks/${trackId}/tasks/${taskId}/status`).send({ status: to });
    expect((await status(c.arbeidsgiver, retur.id, tilrettelegging.id, 'PAGAR').expect(200)).body).toMatchObject({
      status: 'PAGAR',
      egen: true,
    });
    await status(c.arbeidsgiver, retur.id, plan.id, 'FERDIG').expect(403);
    const hidden = await status(c.arbeidsgiver, med.id, kontroll.id, 'FERDIG').expect(404);
    const madeUp = await status(c.arbeidsgiver, med.id, randomUUID(), 'FERDIG').expect(404);
    expect(hidden.body).toEqual(madeUp.body);
    await status(c.fastlege, med.id, kontroll.id, 'FERDIG').expect(200);
    const refused = await status(c.fastlege, med.id, kontroll.id, 'APEN').expect(409);
    expect(refused.body.error).toBe('conflict');
    const badStatus = await status(c.fastlege, med.id, kontroll.id, 'DONE').expect(400);
    expect(badStatus.body.details).toEqual([{ field: 'status', constraint: 'isIn' }]);
    expect((await tracksOf(c, c.fastlege))[1].tasks[0].status).toBe('FERDIG');

    // Four days on, the veileder's and the fastlege's tasks are overdue, and flagged for whoever sees them.
    hub.clock.set(new Date(t0.getTime() + 4 * DAY));
    const overdue = async (who: Actor) => (await tracksOf(c, who)).flatMap((t) => t.tasks.filter((k) => k.overdue).map((k) => k.tittel));
    expect(await overdue(c.veileder)).toEqual(['Vurdere gradering', 'Lage plan for gradert retur']);
    expect(await overdue(c.arbeidsgiver)).toEqual(['Lage plan for gradert retur']);
    expect(await overdue(c.fastlege)).toEqual(['Vurdere gradering']);

    // Handover: the next veileder reads the overføringsnotat, then open tasks with the overdue first, then the closed ones.
    const next: Actor = { role: 'veileder', sub: shortId('Z99') };
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/handover`)
      .send({ toVeilederId: next.sub, notat: 'Gradert retur fra april, venter på fastlegens vurdering.' })
      .expect(201);
    await hub.as(c.veileder).get(`/cases/${c.id}/tracks`).expect(404);
    const summary = await hub.as(next).get(`/cases/${c.id}/handover-summary`).expect(200);
    expect(summary.body).toMatchObject({
      overforingsnotat: 'Gradert retur fra april, venter på fastlegens vurdering.',
      fraVeileder: c.veileder.sub,
      tilVeileder: next.sub,
      unansweredRequests: [
        {
          id: venter.body.id,
          tittel: 'Prognose og gradering',
          mottaker: 'fastlege',
          sentAt: t0.toISOString(),
          ventetDager: 4,
          traadId: lege,
        },
      ],
    });
    expect(summary.body.tasks.map((t: TaskBody) => [t.tittel, t.status, t.overdue])).toEqual([
      ['Vurdere gradering', 'APEN', true],
      ['Lage plan for gradert retur', 'APEN', true],
      ['Avklare tilrettelagte oppgaver', 'PAGAR', false],
      ['Melde seg på kurs', 'APEN', false],
      ['Følge opp kontroll', 'FERDIG', false],
    ]);
    expect(summary.body.tasks[0]).toMatchObject({ id: gradering.id, eier: s.fastlege, trackKind: 'RETUR_ARBEID' });
    for (const who of [c.sykmeldt, c.arbeidsgiver, c.fastlege]) await hub.as(who).get(`/cases/${c.id}/handover-summary`).expect(403);

    // The veileder seat moved, so the new veileder carries on with the same tasks.
    expect((await status(next, retur.id, plan.id, 'FERDIG').expect(200)).body).toMatchObject({
      status: 'FERDIG',
      overdue: false,
      egen: true,
    });
    expect((await status(c.sykmeldt, tiltak.id, kurs.id, 'PAGAR').expect(200)).body.status).toBe('PAGAR');

    // The arbeidsgiver heard of its tracks and tasks, never of the medical track or the behandler's task.
    const events = (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events as {
      type: string;
      data?: Record<string, unknown>;
    }[];
    const trackEvents = events
      .filter((e) => e.type.startsWith('track.'))
      .map((e) => [e.type, e.data?.kind ?? e.data?.trackKind, e.data?.taskId ?? null]);
    expect(trackEvents).toEqual([
      ['track.created', 'RETUR_ARBEID', null],
      ['track.created', 'TILTAK', null],
      ['track.task_created', 'RETUR_ARBEID', tilrettelegging.id],
      ['track.task_created', 'RETUR_ARBEID', plan.id],
      ['track.task_created', 'TILTAK', kurs.id],
      ['track.task_status_changed', 'RETUR_ARBEID', tilrettelegging.id],
      ['track.task_status_changed', 'RETUR_ARBEID', plan.id],
      ['track.task_status_changed', 'TILTAK', kurs.id],
    ]);
    const moved = events.find((e) => e.type === 'track.task_status_changed')!;
    expect(moved.data).toEqual({
      trackId: retur.id,
      taskId: tilrettelegging.id,
      trackKind: 'RETUR_ARBEID',
      eier: s.arbeidsgiver,
      from: 'APEN',
      to: 'PAGAR',
    });
  });

  it('refuses bad tracks and tasks naming the field, and writes nothing', async () => {
    hub.clock.set(new Date('2025-03-03T08:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-01-06');
    const s = seats(c);
    const privat = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver], c.sykmeldt, 'Mellom oss');
    const retur = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body as TrackBody;
    const med = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'MEDISINSK_BEHANDLING' }).expect(201))
      .body as TrackBody;

    expect((await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(409)).body.error).toBe('conflict');
    await hub.as(c.arbeidsgiver).post(`/cases/${c.id}/tracks`).send({ kind: 'TILTAK' }).expect(403);
    expect((await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'FERIE' }).expect(400)).body.details).toEqual([
      { field: 'kind', constraint: 'isIn' },
    ]);

    const ok = { tittel: 'Avklare oppgaver', eier: s.arbeidsgiver, frist: '2025-03-20T12:00:00+01:00' };
    const refuse = async (trackId: string, body: Record<string, unknown>, status = 400, who: Actor = c.veileder) =>
      (await hub.as(who).post(`/cases/${c.id}/tracks/${trackId}/tasks`).send(body).expect(status)).body as {
        error: string;
        details?: unknown;
      };
    expect((await refuse(retur.id, { ...ok, tittel: '' })).details).toEqual([{ field: 'tittel', constraint: 'isLength' }]);
    expect((await refuse(retur.id, { ...ok, tittel: '   ' })).details).toEqual([{ field: 'tittel', constraint: 'required' }]);
    expect((await refuse(retur.id, { ...ok, tittel: 'x'.repeat(201) })).details).toEqual([{ field: 'tittel', constraint: 'isLength' }]);
    expect((await refuse(retur.id, { ...ok, frist: '2025-03-20' })).details).toEqual([{ field: 'frist', constraint: 'matches' }]);
    expect((await refuse(retur.id, { ...ok, frist: '2025-02-30T12:00:00Z' })).details).toEqual([
      { field: 'frist', constraint: 'isIso8601' },
    ]);
    expect((await refuse(retur.id, { ...ok, eier: 'nav' })).details).toEqual([{ field: 'eier', constraint: 'matches' }]);
    expect((await refuse(retur.id, { ...ok, eier: 'arbeidsgiver:974760673' })).details).toEqual([
      { field: 'eier', constraint: 'notInCase' },
    ]);
    // The arbeidsgiver may not know of the medical track, so it cannot own a task in it.
    expect((await refuse(med.id, ok)).details).toEqual([{ field: 'eier', constraint: 'mayNotSeeTrack' }]);
    expect((await refuse(retur.id, { ...ok, traadId: privat })).details).toEqual([{ field: 'traadId', constraint: 'unknownThread' }]);
    expect((await refuse(retur.id, { ...ok, traadId: randomUUID() })).details).toEqual([{ field: 'traadId', constraint: 'unknownThread' }]);
    expect((await refuse(retur.id, { ...ok, prioritet: 1 })).details).toEqual([{ field: 'prioritet', constraint: 'whitelistValidation' }]);
    await refuse(retur.id, ok, 403, c.sykmeldt);
    await refuse(med.id, ok, 404, c.arbeidsgiver);
    await refuse(randomUUID(), ok, 404);

    expect((await tracksOf(c, c.veileder)).map((t) => t.tasks.length)).toEqual([0, 0]);
    const rows = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM track_tasks WHERE case_id = $1`, [c.id]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it("shows one virksomhet none of another's tasks", async () => {
    hub.clock.set(new Date('2025-03-03T08:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-01-06');
    const other: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
    const otherOrgnr = '889640782';
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: other.sub, orgnr: otherOrgnr })
      .expect(201);
    const retur = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body as TrackBody;
    const mine = { tittel: 'Tilrettelegge lager', frist: '2025-03-20T12:00:00Z' };
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${retur.id}/tasks`)
      .send({ ...mine, eier: seats(c).arbeidsgiver })
      .expect(201);
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${retur.id}/tasks`)
      .send({ tittel: 'Tilrettelegge butikk', eier: `arbeidsgiver:${otherOrgnr}`, frist: '2025-03-21T12:00:00Z' })
      .expect(201);
    expect(await seen(c, c.arbeidsgiver)).toEqual([['RETUR_ARBEID', ['Tilrettelegge lager']]]);
    expect(await seen(c, other)).toEqual([['RETUR_ARBEID', ['Tilrettelegge butikk']]]);
    const theirs = await hub.as(other).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(JSON.stringify(theirs.body)).not.toContain(c.orgnr);
  });
});
