import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import { TimelineReminderJob } from '../../apps/hub/src/followup/timeline/timeline-reminder-job';
import { caseWithFourParties, seats, thread } from '../factories/make';
import { shortId } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

// Nothing of the medical løp, the aktivitetskrav or the 39-week assessment may reach the arbeidsgiver: no key, no kind.
const MEDICAL = /MEDISINSK|medisinsk|AAP_VURDERING|AKTIVITETSKRAV|VURDERING_39_UKER|prolaps/;

describe('timeline, tracks, handover summary and retention never give the arbeidsgiver medical content', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await hub.stop();
  });

  it('keeps planted medical text out of every arbeidsgiver response, event and error, while the others see their part', async () => {
    hub.clock.set(new Date('2025-02-20T08:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-01-06');
    const s = seats(c);
    const planted = `PLANTED-${randomUUID()}`;
    const lege = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Lege og NAV');
    const leder = await connectAs(hub, c.arbeidsgiver);
    const sykmeldtSocket = await connectAs(hub, c.sykmeldt);
    open.push(leder, sykmeldtSocket);
    expect((await leder.subscribe(c.id)).ok).toBe(true);
    expect((await sykmeldtSocket.subscribe(c.id)).ok).toBe(true);

    const v = hub.as(c.veileder);
    const track = async (kind: string) => (await v.post(`/cases/${c.id}/tracks`).send({ kind }).expect(201)).body.id as string;
    const med = await track('MEDISINSK_BEHANDLING');
    const aap = await track('AAP_VURDERING');
    const retur = await track('RETUR_ARBEID');
    const task = async (trackId: string, tittel: string, eier: string) =>
      (
        await v
          .post(`/cases/${c.id}/tracks/${trackId}/tasks`)
          .send({ tittel, eier, frist: '2025-03-01T12:00:00Z', traadId: eier === s.fastlege ? lege : undefined })
          .expect(201)
      ).body.id as string;
    const medTask = await task(med, `Avvente MR, mistanke om prolaps ${planted}`, s.fastlege);
    await task(aap, `Nedsatt arbeidsevne etter prolaps ${planted}`, s.veileder);
    const legensRetur = await task(retur, `Restriksjoner etter prolaps ${planted}`, s.fastlege);
    await task(retur, 'Tilrettelegge arbeidsstasjon', s.arbeidsgiver);
    await hub.as(c.fastlege).put(`/cases/${c.id}/tracks/${med}/tasks/${medTask}/status`).send({ status: 'PAGAR' }).expect(200);
    await v.post(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
    await v.post(`/cases/${c.id}/timeline/VURDERING_39_UKER/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
    hub.clock.set(new Date('2025-02-24T06:00:00Z')); // the plan and DM1 are overdue for the arbeidsgiver; the aktivitetskrav is done
    await hub.app.get(TimelineReminderJob).runOnce();
    await v.put(`/cases/${c.id}/sluttdato`).send({ sluttdato: '2025-06-30' }).expect(200);
    const next: Actor = { role: 'veileder', sub: shortId('Z99') };
    await v
      .post(`/cases/${c.id}/handover`)
      .send({ toVeilederId: next.sub, notat: `Prolaps, MR venter. ${planted}` })
      .expect(201);
    // The last thing the arbeidsgiver is told: once it has arrived, every earlier event has too.
    await hub.as(next).post(`/cases/${c.id}/tracks`).send({ kind: 'TILTAK' }).expect(201);
    await leder.until(() => leder.of(c.id).find((e) => e.type === 'track.created' && e.data?.kind === 'TILTAK'), 'the TILTAK track');
    await sykmeldtSocket.until(
      () => sykmeldtSocket.of(c.id).find((e) => e.type === 'track.created' && e.data?.kind === 'TILTAK'),
      'the TILTAK track',
    );

    const a = hub.as(c.arbeidsgiver);
    const seen = [
      (await a.get(`/cases/${c.id}/tracks`).expect(200)).body,
      (await a.get(`/cases/${c.id}/timeline`).expect(200)).body,
      (await a.get(`/cases/${c.id}/events?after=0`).expect(200)).body,
      (await a.get(`/cases/${c.id}/search?q=${planted}`).expect(200)).body,
      (await a.get(`/cases/${c.id}/search?q=prolaps`).expect(200)).body,
      (await a.get(`/cases/${c.id}/handover-summary`).expect(403)).body,
      (await a.get(`/cases/${c.id}/retention`).expect(403)).body,
      (await a.put(`/cases/${c.id}/tracks/${med}/tasks/${medTask}/status`).send({ status: 'FERDIG' }).expect(404)).body,
      (await a.put(`/cases/${c.id}/tracks/${retur}/tasks/${legensRetur}/status`).send({ status: 'FERDIG' }).expect(404)).body,
      (
        await a
          .post(`/cases/${c.id}/tracks/${med}/tasks`)
          .send({ tittel: 'x', eier: s.arbeidsgiver, frist: '2025-03-01T12:00:00Z' })
          .expect(404)
      ).body,
      (await a.post(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).send({ reason: 'Registrert utenfor huben' }).expect(403)).body,
      (await a.delete(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).expect(403)).body,
      (await a.post(`/cases/${c.id}/tracks`).send({ kind: 'TILTAK' }).expect(403)).body,
      (await a.put(`/cases/${c.id}/sluttdato`).send({ sluttdato: '2025-06-30' }).expect(403)).body,
      leder.of(c.id),
    ];
    for (const body of seen) {
      expect(JSON.stringify(body)).not.toContain(planted);
      expect(JSON.stringify(body)).not.toMatch(MEDICAL);
    }
    // What the arbeidsgiver does see is there, so the checks above prove masking, not an empty answer.
    expect(JSON.stringify(seen[0])).toContain('Tilrettelegge arbeidsstasjon');
    expect(leder.of(c.id).map((e) => e.type)).toEqual(expect.arrayContaining(['track.created', 'track.task_created', 'timeline.reminder']));

    const text = async (who: Actor, url: string) => JSON.stringify((await hub.as(who).get(url).expect(200)).body);
    const sykmeldtSees = await text(c.sykmeldt, `/cases/${c.id}/tracks`);
    for (const tittel of ['Avvente MR, mistanke om prolaps', 'Nedsatt arbeidsevne etter prolaps', 'Restriksjoner etter prolaps'])
      expect(sykmeldtSees).toContain(`${tittel} ${planted}`);
    expect(await text(c.fastlege, `/cases/${c.id}/tracks`)).toContain(`Avvente MR, mistanke om prolaps ${planted}`);
    expect(await text(c.fastlege, `/cases/${c.id}/tracks`)).not.toContain('Nedsatt arbeidsevne');
    expect(await text(next, `/cases/${c.id}/handover-summary`)).toContain(`Prolaps, MR venter. ${planted}`);
    expect(await text(next, `/cases/${c.id}/timeline`)).toContain('AKTIVITETSKRAV');
    expect(JSON.stringify(sykmeldtSocket.of(c.id))).toContain('MEDISINSK_BEHANDLING');
  });
});
