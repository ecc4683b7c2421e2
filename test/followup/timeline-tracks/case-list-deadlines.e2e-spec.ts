import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties, seats } from '../../factories/make';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);

interface ListEntry {
  id: string;
  nextDeadline?: { kind: string; key?: string; tittel?: string; dueAt: string; status: string };
  overdueTasks: number;
}

describe('the case list gives each party its own next deadline and overdue tasks (issue 16)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const entry = async (c: FourPartyCase, who: Actor): Promise<ListEntry> =>
    ((await hub.as(who).get('/cases').expect(200)).body as ListEntry[]).find((e) => e.id === c.id)!;

  it('counts only the tasks the caller owns, and picks the earliest of its own unmet milestones and tasks', async () => {
    const c = await caseWithFourParties(hub, START);
    const s = seats(c);
    hub.clock.set(day(40));
    // The plan and DM1 are behind everyone.
    for (const key of ['OPPFOLGINGSPLAN', 'DIALOGMOTE_1'])
      await hub.as(c.veileder).post(`/cases/${c.id}/timeline/${key}/done`).send({ reason: 'Gjort før saken kom hit' }).expect(200);
    const track = async (kind: string) =>
      (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind }).expect(201)).body.id as string;
    const retur = await track('RETUR_ARBEID');
    const med = await track('MEDISINSK_BEHANDLING');
    const task = async (trackId: string, tittel: string, eier: string, frist: Date) =>
      (
        await hub
          .as(c.veileder)
          .post(`/cases/${c.id}/tracks/${trackId}/tasks`)
          .send({ tittel, eier, frist: frist.toISOString() })
          .expect(201)
      ).body.id as string;
    await task(retur, 'Avklare oppgaver', s.arbeidsgiver, day(55));
    await task(retur, 'Bestille pult', s.arbeidsgiver, day(70));
    const kurs = await task(retur, 'Melde seg på kurs', s.sykmeldt, day(58));
    const behandler = `Planted-behandleroppgave-${randomUUID()}`;
    await task(med, behandler, s.fastlege, day(50));
    await hub.as(c.sykmeldt).put(`/cases/${c.id}/tracks/${retur}/tasks/${kurs}/status`).send({ status: 'FERDIG' }).expect(200);

    hub.clock.set(day(60)); // week 9
    // The leder: its own overdue task comes before its next milestone (møtebehov, week 16).
    expect(await entry(c, c.arbeidsgiver)).toMatchObject({
      overdueTasks: 1,
      nextDeadline: { kind: 'task', tittel: 'Avklare oppgaver', dueAt: day(55).toISOString(), status: 'OVERDUE' },
    });
    // The sykmeldt finished its task: nothing overdue of its own, its next is NAV's aktivitetskrav assessment (week 8).
    expect(await entry(c, c.sykmeldt)).toMatchObject({
      overdueTasks: 0,
      nextDeadline: { kind: 'milestone', key: 'AKTIVITETSKRAV', status: 'OVERDUE' },
    });
    expect(await entry(c, c.fastlege)).toMatchObject({
      overdueTasks: 1,
      nextDeadline: { kind: 'task', tittel: behandler, status: 'OVERDUE' },
    });
    expect(await entry(c, c.veileder)).toMatchObject({ overdueTasks: 0, nextDeadline: { kind: 'milestone', key: 'AKTIVITETSKRAV' } });
    // Nothing of the behandler's løp or of NAV's aktivitetskrav reaches the leder's list.
    const leder = JSON.stringify((await hub.as(c.arbeidsgiver).get('/cases').expect(200)).body);
    expect(leder).not.toContain(behandler);
    expect(leder).not.toContain('AKTIVITETSKRAV');

    // Once its task is done, the leder's next deadline is its next milestone.
    hub.clock.set(day(61));
    const tasks = (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/tracks`).expect(200)).body as {
      tasks: { id: string; tittel: string }[];
    }[];
    const avklare = tasks.flatMap((t) => t.tasks).find((k) => k.tittel === 'Avklare oppgaver')!;
    await hub.as(c.arbeidsgiver).put(`/cases/${c.id}/tracks/${retur}/tasks/${avklare.id}/status`).send({ status: 'FERDIG' }).expect(200);
    expect(await entry(c, c.arbeidsgiver)).toMatchObject({
      overdueTasks: 0,
      nextDeadline: { kind: 'task', tittel: 'Bestille pult', status: 'UPCOMING' },
    });
  });
});
