import { randomUUID } from 'node:crypto';
import { caseWithFourParties } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);
// No key or code that names medical content either: the referat's treatment parts, an unntak's arsak.
const MEDICAL = /MEDISINSK|medisinsk|INNLEGGELSE|behandlerOppgave|arbeidstakerOppgave|arsak|beskrivelse|prolaps|Prolaps/;

describe('oppfølgingsplan, dialogmøter and møtebehov never give the arbeidsgiver medical content', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await hub.stop();
  });

  it('keeps planted health text out of every arbeidsgiver response, event and error, while those who may see it do', async () => {
    const c = await caseWithFourParties(hub, START);
    const planted = `PLANTED-${randomUUID()}`;
    const leder = await connectAs(hub, c.arbeidsgiver);
    open.push(leder);
    expect((await leder.subscribe(c.id)).ok).toBe(true);
    const a = hub.as(c.arbeidsgiver);
    const seen: unknown[] = [];
    const keep = async (req: PromiseLike<{ body: unknown }>) => {
      const res = await req;
      seen.push(res.body);
      return res.body as Record<string, unknown>;
    };

    // Oppfølgingsplan: drafted, commented, approved and shared; its content is the two parties' own.
    hub.clock.set(day(20));
    const plans = `/cases/${c.id}/oppfolgingsplaner`;
    const plan = await keep(
      a
        .post(plans)
        .send({ arbeidsoppgaver: 'Telefon', tilrettelegging: 'Pult', oppfolging: 'Fredager', evalueringsdato: '2027-01-15' })
        .expect(201),
    );
    const p = `${plans}/${plan.id as string}`;
    await keep(
      a
        .post(`${p}/versjoner`)
        .send({ arbeidsoppgaver: 'Telefon og e-post', tilrettelegging: 'Pult', oppfolging: 'Fredager', evalueringsdato: '2027-01-15' })
        .expect(201),
    );
    await keep(a.post(`${p}/versjoner/2/kommentarer`).send({ tekst: 'Ny versjon' }).expect(201));
    await keep(a.post(`${p}/versjoner/2/godkjenning`).expect(200));
    await hub.as(c.sykmeldt).post(`${p}/versjoner/2/godkjenning`).expect(200);
    await keep(
      a
        .post(`${p}/versjoner/2/deling`)
        .send({ mottakere: ['fastlege', 'nav'] })
        .expect(200),
    );

    // Møtebehov in week 17: the sykmeldt's begrunnelse names a diagnosis.
    hub.clock.set(day(16 * 7 + 2));
    const mb = `/cases/${c.id}/motebehov`;
    const sykmeldtsBehov = await hub
      .as(c.sykmeldt)
      .post(mb)
      .send({
        skjemaType: 'SVAR_BEHOV',
        harMotebehov: true,
        begrunnelse: `Prolaps i korsryggen ${planted}`,
        onskerSykmelderDeltar: true,
        onskerTolk: false,
      })
      .expect(201);
    const ledersBehov = await keep(
      a
        .post(mb)
        .send({
          skjemaType: 'SVAR_BEHOV',
          harMotebehov: true,
          begrunnelse: 'Avklare turnus',
          onskerSykmelderDeltar: false,
          onskerTolk: false,
        })
        .expect(201),
    );
    await keep(a.post(mb).send({ skjemaType: 'SVAR_BEHOV', harMotebehov: 'ja', begrunnelse: planted }).expect(400));

    // DM2 with a sykmeldt's wish that hints at treatment, then held with a referat whose treatment parts are medical.
    const moter = `/cases/${c.id}/dialogmoter`;
    const mote = await hub
      .as(c.veileder)
      .post(moter)
      .send({ kind: 'DM2', tid: day(18 * 7).toISOString(), sted: 'NAV Hamar', deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'] })
      .expect(201);
    const m = `${moter}/${mote.body.id as string}`;
    await hub
      .as(c.sykmeldt)
      .post(`${m}/svar`)
      .send({ svar: 'NYTT_TID_STED', onske: `Etter prolaps-operasjonen ${planted}` })
      .expect(200);
    await keep(a.post(`${m}/svar`).send({ svar: 'KOMMER' }).expect(200));
    await keep(a.post(`${m}/svar`).send({ svar: 'KOMMER_IKKE', onske: planted }).expect(400));
    await keep(
      a
        .post(`${m}/nytt-tid-sted`)
        .send({ tid: day(19 * 7).toISOString(), sted: 'Hjemme' })
        .expect(403),
    );
    await keep(a.post(`${m}/avlys`).expect(403));
    await keep(a.post(`${m}/ferdigstill`).send({ situasjon: 's', konklusjon: 'k' }).expect(403));
    hub.clock.set(day(18 * 7 + 0.1));
    await hub
      .as(c.veileder)
      .post(`${m}/ferdigstill`)
      .send({
        situasjon: 'I 50 % arbeid',
        konklusjon: 'Økning til 80 %',
        arbeidstakerOppgave: `Fysioterapi for prolaps ${planted}`,
        arbeidsgiverOppgave: 'Tilpasse turnus',
        veilederOppgave: 'Vurdere tilskudd',
        behandlerOppgave: `Henvise til MR for prolaps ${planted}`,
      })
      .expect(200);
    await keep(a.put(`${m}/referat`).send({ situasjon: 's', konklusjon: planted }).expect(403));
    await keep(a.post(`${m}/lukk`).expect(403));

    // Only NAV records a DM2 unntak; the refusal says nothing of one.
    await keep(a.post(`/cases/${c.id}/dm2-unntak`).send({ arsak: 'MEDISINSKE_GRUNNER', beskrivelse: planted }).expect(403));

    // A DM1 by the leder, so the convener side of its routes is exercised too.
    const dm1 = await keep(
      a
        .post(moter)
        .send({ kind: 'DM1', tid: day(19 * 7).toISOString(), sted: 'Kontoret', deltakere: ['sykmeldt'] })
        .expect(201),
    );
    const d = `${moter}/${dm1.id as string}`;
    await hub.as(c.sykmeldt).post(`${d}/svar`).send({ svar: 'NYTT_TID_STED', onske: 'Ettermiddag' }).expect(200);
    await keep(
      a
        .post(`${d}/nytt-tid-sted`)
        .send({ tid: day(19 * 7 + 2).toISOString(), sted: 'Kontoret' })
        .expect(200),
    );
    await keep(a.post(`${d}/avlys`).expect(200));
    await keep(a.post(`${d}/lukk`).expect(200));

    await keep(a.post(`${mb}/${sykmeldtsBehov.body.id as string}/behandlet`).expect(403));
    await hub
      .as(c.veileder)
      .post(`${mb}/${sykmeldtsBehov.body.id as string}/behandlet`)
      .expect(200);
    // The last thing the arbeidsgiver is told: once it has arrived, every earlier push has too.
    await hub
      .as(c.veileder)
      .post(`${mb}/${ledersBehov.id as string}/behandlet`)
      .expect(200);
    await leder.until(
      () => leder.of(c.id).find((e) => e.type === 'motebehov.behandlet' && e.data?.innmelder === 'arbeidsgiver'),
      "the leder's behandlet",
    );

    await keep(a.get(plans).expect(200));
    await keep(a.get(p).expect(200));
    await keep(a.get(moter).expect(200));
    await keep(a.get(m).expect(200));
    await keep(a.get(mb).expect(200));
    await keep(a.get(`${mb}/${sykmeldtsBehov.body.id as string}`).expect(200));
    await keep(a.get(`/cases/${c.id}/dm2-unntak`).expect(404));
    await keep(a.get(`/cases/${c.id}/events?after=0`).expect(200));
    await keep(a.get(`/cases/${c.id}/search?q=${planted}`).expect(200));
    await keep(a.get(`/cases/${c.id}/search?q=prolaps`).expect(200));
    seen.push(leder.of(c.id));
    for (const body of seen) {
      expect(JSON.stringify(body)).not.toContain(planted);
      expect(JSON.stringify(body)).not.toMatch(MEDICAL);
    }
    // What the arbeidsgiver does see is there, so the checks above prove masking, not an empty answer.
    const ledersMote = JSON.stringify(await keep(a.get(m).expect(200)));
    expect(ledersMote).toContain('Tilpasse turnus');
    expect(ledersMote).toContain('NYTT_TID_STED');
    expect(leder.of(c.id).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'plan.shared',
        'motebehov.submitted',
        'dialogmote.innkalt',
        'dialogmote.svar',
        'dialogmote.referat',
        'motebehov.behandlet',
      ]),
    );

    // The data exists: the sykmeldt sees all of it, the fastlege the behandler's part and nothing of the møtebehov.
    const text = async (who: typeof c.sykmeldt, url: string) => JSON.stringify((await hub.as(who).get(url).expect(200)).body);
    expect(await text(c.sykmeldt, mb)).toContain(`Prolaps i korsryggen ${planted}`);
    const sykmeldtsMote = await text(c.sykmeldt, m);
    expect(sykmeldtsMote).toContain(`Fysioterapi for prolaps ${planted}`);
    expect(sykmeldtsMote).toContain(`Henvise til MR for prolaps ${planted}`);
    expect(await text(c.veileder, m)).toContain(`Etter prolaps-operasjonen ${planted}`);
    const legensMote = await text(c.fastlege, m);
    expect(legensMote).toContain(`Henvise til MR for prolaps ${planted}`);
    expect(legensMote).not.toContain('Fysioterapi');
    expect(await text(c.fastlege, mb)).not.toContain(planted);
  });

  it('shows the arbeidsgiver only that a DM2 unntak was made, never its reason', async () => {
    const c = await caseWithFourParties(hub, START);
    const planted = `PLANTED-${randomUUID()}`;
    hub.clock.set(day(20 * 7));
    const leder = await connectAs(hub, c.arbeidsgiver);
    open.push(leder);
    expect((await leder.subscribe(c.id)).ok).toBe(true);
    const unntak = `/cases/${c.id}/dm2-unntak`;
    await hub
      .as(c.veileder)
      .post(unntak)
      .send({ arsak: 'MEDISINSKE_GRUNNER', beskrivelse: `Prolaps, operert ${planted}` })
      .expect(201);
    await leder.until(() => leder.of(c.id).find((e) => e.type === 'dialogmote.dm2_unntak'), 'the unntak');

    const seen = [
      (await hub.as(c.arbeidsgiver).get(unntak).expect(200)).body,
      (await hub.as(c.arbeidsgiver).post(unntak).send({ arsak: 'MEDISINSKE_GRUNNER' }).expect(403)).body,
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200)).body,
      leder.of(c.id),
    ];
    for (const body of seen) {
      expect(JSON.stringify(body)).not.toContain(planted);
      expect(JSON.stringify(body)).not.toMatch(MEDICAL);
    }
    expect(seen[0]).toEqual({ at: day(20 * 7).toISOString() });
    expect(JSON.stringify((await hub.as(c.sykmeldt).get(unntak).expect(200)).body)).toContain(planted);
  });
});
