import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties } from '../../factories/make';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);
const midnight = (n: number) => new Date(Date.parse(`${START}T00:00:00Z`) + n * 86_400_000).toISOString();
const nei = { skjemaType: 'SVAR_BEHOV', harMotebehov: false, onskerSykmelderDeltar: false, onskerTolk: false };

interface EventView {
  type: string;
  data?: Record<string, unknown>;
}

describe('møtebehov', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const events = async (c: FourPartyCase, who: Actor): Promise<EventView[]> =>
    ((await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events as EventView[]).filter((e) =>
      e.type.startsWith('motebehov.'),
    );

  it('is asked in weeks 16–26, answered by both parties, and behandlet by the veileder', async () => {
    const c = await caseWithFourParties(hub, START);
    const base = `/cases/${c.id}/motebehov`;

    // Week 2: NAV has not asked yet; a need can still be raised unasked.
    hub.clock.set(day(10));
    expect((await hub.as(c.sykmeldt).get(base).expect(200)).body.svarBehov).toEqual({
      opensAt: midnight(16 * 7),
      closesAt: midnight(26 * 7),
      open: false,
    });
    const early = await hub
      .as(c.sykmeldt)
      .post(base)
      .send({ ...nei, harMotebehov: true, begrunnelse: 'Vil snakke om tilrettelegging' })
      .expect(409);
    expect(early.body.error).toBe('conflict');
    const meld = await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send({ ...nei, skjemaType: 'MELD_BEHOV', harMotebehov: true })
      .expect(201);
    expect(meld.body).toMatchObject({
      skjemaType: 'MELD_BEHOV',
      innmelder: 'arbeidsgiver',
      harMotebehov: true,
      begrunnelse: null,
      behandletAt: null,
    });

    // Week 17: the question is open and both answer.
    hub.clock.set(day(16 * 7 + 3));
    expect((await hub.as(c.arbeidsgiver).get(base).expect(200)).body.svarBehov.open).toBe(true);
    const sykmeldtSvar = await hub
      .as(c.sykmeldt)
      .post(base)
      .send({
        ...nei,
        harMotebehov: true,
        begrunnelse: 'Ryggen er verre etter operasjonen',
        onskerSykmelderDeltar: true,
        onskerTolk: true,
        tolkSprak: ' arabisk ',
      })
      .expect(201);
    expect(sykmeldtSvar.body).toMatchObject({
      innmelder: 'sykmeldt',
      harMotebehov: true,
      begrunnelse: 'Ryggen er verre etter operasjonen',
      tolkSprak: 'arabisk',
    });
    hub.clock.advanceHours(1);
    const lederSvar = await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send({ ...nei, harMotebehov: true, begrunnelse: 'Vi må avklare turnus' })
      .expect(201);
    await hub.as(c.sykmeldt).post(base).send(nei).expect(409); // one open SVAR_BEHOV per party
    await hub.as(c.fastlege).post(base).send(nei).expect(403);

    // What each party sees: the sykmeldt's begrunnelse is health information, never the arbeidsgiver's.
    const byInnmelder = async (who: Actor) => {
      const list = (await hub.as(who).get(base).expect(200)).body.motebehov as Record<string, unknown>[];
      return list.filter((m) => m.skjemaType === 'SVAR_BEHOV');
    };
    const forLeder = await byInnmelder(c.arbeidsgiver);
    expect(forLeder.map((m) => m.innmelder)).toEqual(['sykmeldt', 'arbeidsgiver']);
    expect(Object.keys(forLeder[0]).sort()).toEqual(['behandletAt', 'createdAt', 'harMotebehov', 'id', 'innmelder', 'skjemaType']);
    expect(forLeder[1]).toMatchObject({ begrunnelse: 'Vi må avklare turnus' });
    expect(JSON.stringify(forLeder)).not.toMatch(/Ryggen|arabisk/);
    const single = await hub.as(c.arbeidsgiver).get(`${base}/${sykmeldtSvar.body.id}`).expect(200);
    expect(single.body.begrunnelse).toBeUndefined();
    expect((await byInnmelder(c.sykmeldt)).map((m) => m.begrunnelse)).toEqual([
      'Ryggen er verre etter operasjonen',
      'Vi må avklare turnus',
    ]);
    expect((await byInnmelder(c.veileder)).map((m) => [m.begrunnelse, m.onskerSykmelderDeltar, m.tolkSprak])).toEqual([
      ['Ryggen er verre etter operasjonen', true, 'arabisk'],
      ['Vi må avklare turnus', false, null],
    ]);
    expect((await hub.as(c.fastlege).get(base).expect(200)).body.motebehov).toEqual([]);
    await hub.as(c.fastlege).get(`${base}/${sykmeldtSvar.body.id}`).expect(404);

    // Only NAV marks it behandlet, once.
    await hub.as(c.arbeidsgiver).post(`${base}/${sykmeldtSvar.body.id}/behandlet`).expect(403);
    const handled = await hub.as(c.veileder).post(`${base}/${sykmeldtSvar.body.id}/behandlet`).expect(200);
    const handledAt = hub.clock.now().toISOString();
    expect(handled.body).toMatchObject({ behandletAt: handledAt, behandletAv: c.veileder.sub });
    await hub.as(c.veileder).post(`${base}/${sykmeldtSvar.body.id}/behandlet`).expect(409);
    await hub.as(c.veileder).post(`${base}/${lederSvar.body.id}/behandlet`).expect(200);
    expect((await hub.as(c.arbeidsgiver).get(`${base}/${sykmeldtSvar.body.id}`).expect(200)).body.behandletAt).toBe(handledAt);
    // Once handled, the party may answer anew.
    await hub.as(c.sykmeldt).post(base).send(nei).expect(201);

    // Events carry ids and kinds only; the fastlege hears nothing.
    const lederEvents = await events(c, c.arbeidsgiver);
    expect(lederEvents.map((e) => [e.type, e.data?.innmelder, e.data?.skjemaType])).toEqual([
      ['motebehov.submitted', 'arbeidsgiver', 'MELD_BEHOV'],
      ['motebehov.submitted', 'sykmeldt', 'SVAR_BEHOV'],
      ['motebehov.submitted', 'arbeidsgiver', 'SVAR_BEHOV'],
      ['motebehov.behandlet', 'sykmeldt', 'SVAR_BEHOV'],
      ['motebehov.behandlet', 'arbeidsgiver', 'SVAR_BEHOV'],
      ['motebehov.submitted', 'sykmeldt', 'SVAR_BEHOV'],
    ]);
    expect(await events(c, c.fastlege)).toEqual([]);

    // After week 26 the question is closed again; MELD_BEHOV still works.
    hub.clock.set(day(26 * 7 + 1));
    await hub.as(c.arbeidsgiver).post(base).send(nei).expect(409);
    await hub
      .as(c.sykmeldt)
      .post(base)
      .send({ ...nei, skjemaType: 'MELD_BEHOV', harMotebehov: true })
      .expect(201);
  });

  it('refuses bad input naming the field and stores nothing', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(18 * 7));
    const base = `/cases/${c.id}/motebehov`;
    const details = async (who: Actor, body: Record<string, unknown>) => (await hub.as(who).post(base).send(body).expect(400)).body.details;
    expect(await details(c.sykmeldt, { ...nei, onskerTolk: true })).toEqual([{ field: 'tolkSprak', constraint: 'required' }]);
    expect(await details(c.sykmeldt, { ...nei, tolkSprak: 'polsk' })).toEqual([{ field: 'tolkSprak', constraint: 'onlyWithOnskerTolk' }]);
    expect(await details(c.sykmeldt, { ...nei, harMotebehov: true })).toEqual([{ field: 'begrunnelse', constraint: 'required' }]);
    expect(await details(c.sykmeldt, { ...nei, skjemaType: 'MELD_BEHOV' })).toEqual([
      { field: 'harMotebehov', constraint: 'trueForMeldBehov' },
    ]);
    expect((await details(c.sykmeldt, { ...nei, harMotebehov: 'ja' })).map((d: { field: string }) => d.field)).toEqual(['harMotebehov']);
    expect((await details(c.sykmeldt, { ...nei, begrunnelse: 'x'.repeat(1001) })).map((d: { field: string }) => d.field)).toEqual([
      'begrunnelse',
    ]);
    expect(await details(c.sykmeldt, { ...nei, orgnr: c.orgnr })).toEqual([{ field: 'orgnr', constraint: 'onlyForArbeidsgiver' }]);
    expect((await details(c.arbeidsgiver, { ...nei, skjemaType: 'SPORRE' })).map((d: { field: string }) => d.field)).toEqual([
      'skjemaType',
    ]);
    expect(await hub.query(`SELECT id FROM motebehov WHERE case_id = $1`, [c.id])).toEqual([]);
  });
});
