import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties } from '../../factories/make';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);

interface MilestoneBody {
  key: string;
  status: string;
  overdue: boolean;
  doneAt: string | null;
  metBy?: string;
  reason?: string;
}

describe('milestones met by the events that meet them (issue 16)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const milestone = async (c: FourPartyCase, who: Actor, key: string): Promise<MilestoneBody | undefined> =>
    ((await hub.as(who).get(`/cases/${c.id}/timeline`).expect(200)).body.milestones as MilestoneBody[]).find((m) => m.key === key);
  const doneEvents = async (c: FourPartyCase, who: Actor): Promise<unknown[]> =>
    ((await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events as { type: string; data: unknown }[])
      .filter((e) => e.type === 'timeline.milestone_done')
      .map((e) => e.data);

  it('meets the oppfølgingsplan when an approved version is shared, and DM1 when it is ferdigstilt; only those told of the event learn what met it', async () => {
    const c = await caseWithFourParties(hub, START);
    const plans = `/cases/${c.id}/oppfolgingsplaner`;
    hub.clock.set(day(20)); // week 3
    const innhold = { arbeidsoppgaver: 'Telefon', tilrettelegging: 'Kortere dager', oppfolging: 'Fredager', evalueringsdato: '2026-10-01' };
    const planId: string = (await hub.as(c.arbeidsgiver).post(plans).send(innhold).expect(201)).body.id;
    await hub.as(c.arbeidsgiver).post(`${plans}/${planId}/versjoner/1/godkjenning`).expect(200);
    await hub.as(c.sykmeldt).post(`${plans}/${planId}/versjoner/1/godkjenning`).expect(200);
    // Approved by both is not yet the plan "sent to the sykmelder" (DOMAIN.md, week 4).
    hub.clock.set(day(30)); // week 5: the deadline (end of week 4) has passed
    expect(await milestone(c, c.arbeidsgiver, 'OPPFOLGINGSPLAN')).toMatchObject({ status: 'OVERDUE', overdue: true, doneAt: null });
    await hub
      .as(c.arbeidsgiver)
      .post(`${plans}/${planId}/versjoner/1/deling`)
      .send({ mottakere: ['fastlege'] })
      .expect(200);

    for (const who of [c.arbeidsgiver, c.sykmeldt, c.fastlege])
      expect(await milestone(c, who, 'OPPFOLGINGSPLAN')).toMatchObject({
        status: 'DONE',
        overdue: false,
        doneAt: day(30).toISOString(),
        metBy: 'PLAN_DELT',
      });
    // NAV was not sent the plan: it learns the deadline was met, not how.
    const nav = await milestone(c, c.veileder, 'OPPFOLGINGSPLAN');
    expect(nav).toMatchObject({ status: 'DONE', doneAt: day(30).toISOString() });
    expect(nav).not.toHaveProperty('metBy');
    expect(await doneEvents(c, c.veileder)).toEqual([{ milestone: 'OPPFOLGINGSPLAN' }]);

    // DM1: convened by the leder with the sykmeldt; held and ferdigstilt after its deadline (end of week 7).
    hub.clock.set(day(45));
    const moter = `/cases/${c.id}/dialogmoter`;
    const moteId: string = (
      await hub
        .as(c.arbeidsgiver)
        .post(moter)
        .send({ kind: 'DM1', tid: day(50).toISOString(), sted: 'Kontoret', deltakere: ['sykmeldt'] })
        .expect(201)
    ).body.id;
    hub.clock.set(day(50.1));
    expect(await milestone(c, c.sykmeldt, 'DIALOGMOTE_1')).toMatchObject({ status: 'OVERDUE', doneAt: null });
    await hub
      .as(c.arbeidsgiver)
      .post(`${moter}/${moteId}/ferdigstill`)
      .send({ situasjon: 'Gradvis tilbake', konklusjon: 'Ny samtale om tre uker' })
      .expect(200);
    for (const who of [c.arbeidsgiver, c.sykmeldt])
      expect(await milestone(c, who, 'DIALOGMOTE_1')).toMatchObject({ status: 'DONE', metBy: 'DM1_FERDIGSTILT' });
    // The fastlege and NAV were not called to DM1: it was met, and nothing says by what.
    for (const who of [c.fastlege, c.veileder]) {
      const seen = await milestone(c, who, 'DIALOGMOTE_1');
      expect(seen).toMatchObject({ status: 'DONE', doneAt: day(50.1).toISOString() });
      expect(seen).not.toHaveProperty('metBy');
    }
    // A DM1 that was only called (innkalt) meets nothing: a second case shows it.
    const other = await caseWithFourParties(hub, START);
    hub.clock.set(day(45));
    await hub
      .as(other.arbeidsgiver)
      .post(`/cases/${other.id}/dialogmoter`)
      .send({ kind: 'DM1', tid: day(50).toISOString(), sted: 'Kontoret', deltakere: ['sykmeldt'] })
      .expect(201);
    hub.clock.set(day(50.1));
    expect(await milestone(other, other.sykmeldt, 'DIALOGMOTE_1')).toMatchObject({ status: 'OVERDUE', doneAt: null });
  });

  it('meets møtebehov with a SVAR_BEHOV answer (not a MELD_BEHOV) and DM2 with an unntak, whose arsak the others never see', async () => {
    const c = await caseWithFourParties(hub, START);
    const base = `/cases/${c.id}/motebehov`;
    const svar = { harMotebehov: false, onskerSykmelderDeltar: false, onskerTolk: false };
    hub.clock.set(day(10));
    await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send({ ...svar, skjemaType: 'MELD_BEHOV', harMotebehov: true })
      .expect(201);
    hub.clock.set(day(16 * 7 + 3)); // week 17: NAV's question is open, and its deadline (end of week 16) has passed
    expect(await milestone(c, c.veileder, 'MOTEBEHOV')).toMatchObject({ status: 'OVERDUE', doneAt: null });
    await hub
      .as(c.sykmeldt)
      .post(base)
      .send({ ...svar, skjemaType: 'SVAR_BEHOV' })
      .expect(201);
    for (const who of [c.veileder, c.sykmeldt, c.arbeidsgiver])
      expect(await milestone(c, who, 'MOTEBEHOV')).toMatchObject({ status: 'DONE', metBy: 'MOTEBEHOV_SVAR' });

    hub.clock.set(day(24 * 7));
    const beskrivelse = `Planted-unntak-${randomUUID()}`;
    await hub.as(c.veileder).post(`/cases/${c.id}/dm2-unntak`).send({ arsak: 'INNLEGGELSE_INSTITUSJON', beskrivelse }).expect(201);
    for (const who of [c.veileder, c.sykmeldt, c.arbeidsgiver])
      expect(await milestone(c, who, 'DIALOGMOTE_2')).toMatchObject({ status: 'DONE', metBy: 'DM2_UNNTAK' });
    // The fastlege is not told of an unntak at all: DM2 is met for it, with no word of how.
    const lege = await milestone(c, c.fastlege, 'DIALOGMOTE_2');
    expect(lege).toMatchObject({ status: 'DONE' });
    expect(lege).not.toHaveProperty('metBy');
    const leder = JSON.stringify((await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/timeline`).expect(200)).body);
    expect(leder).not.toContain(beskrivelse);
    expect(leder).not.toContain('INNLEGGELSE');
  });

  it('lets the veileder mark by hand with a reason that only NAV and the sykmeldt read; the mark is in innsyn', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(60)); // week 9: AKTIVITETSKRAV (week 8) is overdue
    const reason = `Planted-reason-${randomUUID()}`;
    const bad = await hub.as(c.veileder).post(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).send({}).expect(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    await hub.as(c.veileder).post(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).send({ reason }).expect(200);
    await hub.as(c.veileder).post(`/cases/${c.id}/timeline/MAKSDATO/done`).send({ reason }).expect(200);

    for (const who of [c.veileder, c.sykmeldt])
      expect(await milestone(c, who, 'AKTIVITETSKRAV')).toMatchObject({ status: 'DONE', metBy: 'MANUELL', reason });
    const lege = await milestone(c, c.fastlege, 'AKTIVITETSKRAV');
    expect(lege).toMatchObject({ status: 'DONE', metBy: 'MANUELL' });
    expect(lege).not.toHaveProperty('reason');
    // The arbeidsgiver is not concerned by AKTIVITETSKRAV; of MAKSDATO it learns that NAV marked it, not why.
    expect(await milestone(c, c.arbeidsgiver, 'AKTIVITETSKRAV')).toBeUndefined();
    expect(await milestone(c, c.arbeidsgiver, 'MAKSDATO')).toMatchObject({ status: 'DONE', metBy: 'MANUELL' });
    expect(JSON.stringify((await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/timeline`).expect(200)).body)).not.toContain(reason);

    const innsyn = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as { action: string; subjectIds: string[] }[];
    expect(innsyn.filter((e) => e.action === 'mark_done').map((e) => e.subjectIds)).toEqual([['AKTIVITETSKRAV'], ['MAKSDATO']]);
  });
});
