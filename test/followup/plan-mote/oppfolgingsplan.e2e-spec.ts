import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties } from '../../factories/make';
import { shortId, syntheticOrgnr } from '../../factories/ids';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);
const innhold = (over: Record<string, unknown> = {}) => ({
  arbeidsoppgaver: 'Kundebehandling på telefon',
  tilrettelegging: 'Hev-senk-pult og kortere dager',
  oppfolging: 'Samtale hver fredag',
  evalueringsdato: '2026-10-01',
  ...over,
});

interface EventView {
  seq: number;
  type: string;
  data?: Record<string, unknown>;
}

describe('oppfølgingsplan', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const events = async (c: FourPartyCase, who: Actor): Promise<EventView[]> =>
    (await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events;
  const planEvents = async (c: FourPartyCase, who: Actor) => (await events(c, who)).filter((e) => e.type.startsWith('plan.'));

  it('is drafted, edited, approved by both on the same version, and shared with the fastlege and NAV as the sykmeldt sees', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(20)); // week 3
    const base = `/cases/${c.id}/oppfolgingsplaner`;

    const drafted = await hub.as(c.arbeidsgiver).post(base).send(innhold()).expect(201);
    const planId: string = drafted.body.id;
    expect(drafted.body).toMatchObject({
      orgnr: c.orgnr,
      status: 'UNDER_ARBEID',
      gjeldendeVersjon: null,
      versjoner: [{ versjon: 1, lagetAv: 'arbeidsgiver', godkjent: false }],
    });

    // Before anything is shared the fastlege and NAV do not know the plan exists.
    expect((await hub.as(c.fastlege).get(base).expect(200)).body).toEqual([]);
    expect((await hub.as(c.veileder).get(base).expect(200)).body).toEqual([]);
    const hidden = await hub.as(c.fastlege).get(`${base}/${planId}`).expect(404);
    expect(hidden.body).toEqual({ error: 'not_found', message: 'Not found' });

    // The sykmeldt edits: a new version; version 1 stays as it was.
    const edited = await hub
      .as(c.sykmeldt)
      .post(`${base}/${planId}/versjoner`)
      .send(innhold({ tilrettelegging: 'Hjemmekontor to dager i uka' }))
      .expect(201);
    expect(
      edited.body.versjoner.map((v: { versjon: number; lagetAv: string; tilrettelegging: string }) => [
        v.versjon,
        v.lagetAv,
        v.tilrettelegging,
      ]),
    ).toEqual([
      [1, 'arbeidsgiver', 'Hev-senk-pult og kortere dager'],
      [2, 'sykmeldt', 'Hjemmekontor to dager i uka'],
    ]);
    await hub.as(c.arbeidsgiver).post(`${base}/${planId}/versjoner/2/kommentarer`).send({ tekst: 'Greit for meg' }).expect(201);

    // Only the latest version can be approved; the plan is approved once both approved version 2.
    await hub.as(c.arbeidsgiver).post(`${base}/${planId}/versjoner/1/godkjenning`).expect(409);
    const halfway = await hub.as(c.arbeidsgiver).post(`${base}/${planId}/versjoner/2/godkjenning`).expect(200);
    expect(halfway.body).toMatchObject({ status: 'UNDER_ARBEID', gjeldendeVersjon: null });
    expect(halfway.body.versjoner[1].godkjentAv.map((g: { role: string }) => g.role)).toEqual(['arbeidsgiver']);
    // An unapproved version cannot be shared, and the refusal writes nothing.
    const seqBefore = (await hub.as(c.sykmeldt).get(`/cases/${c.id}`).expect(200)).body.case.lastSeq;
    await hub
      .as(c.arbeidsgiver)
      .post(`${base}/${planId}/versjoner/2/deling`)
      .send({ mottakere: ['fastlege'] })
      .expect(409);
    expect((await hub.as(c.sykmeldt).get(`/cases/${c.id}`).expect(200)).body.case.lastSeq).toBe(seqBefore);
    expect(await hub.query(`SELECT * FROM oppfolgingsplan_delinger WHERE plan_id = $1`, [planId])).toEqual([]);

    const approved = await hub.as(c.sykmeldt).post(`${base}/${planId}/versjoner/2/godkjenning`).expect(200);
    expect(approved.body).toMatchObject({ status: 'GODKJENT', gjeldendeVersjon: 2 });
    // Approving again changes nothing and tells nobody.
    const eventsBefore = (await planEvents(c, c.sykmeldt)).length;
    await hub.as(c.sykmeldt).post(`${base}/${planId}/versjoner/2/godkjenning`).expect(200);
    expect(await planEvents(c, c.sykmeldt)).toHaveLength(eventsBefore);

    // Only the nærmeste leder shares: the sykmeldt, who can approve, gets a 403.
    await hub
      .as(c.sykmeldt)
      .post(`${base}/${planId}/versjoner/2/deling`)
      .send({ mottakere: ['nav'] })
      .expect(403);
    const shared = await hub
      .as(c.arbeidsgiver)
      .post(`${base}/${planId}/versjoner/2/deling`)
      .send({ mottakere: ['fastlege', 'nav'] })
      .expect(200);
    expect(shared.body.delinger.map((d: { versjon: number; mottaker: string }) => [d.versjon, d.mottaker])).toEqual([
      [2, 'fastlege'],
      [2, 'nav'],
    ]);

    // The sykmeldt sees each share: in the plan, as events and in innsyn.
    const own = await hub.as(c.sykmeldt).get(`${base}/${planId}`).expect(200);
    expect(own.body.delinger.map((d: { mottaker: string }) => d.mottaker)).toEqual(['fastlege', 'nav']);
    expect(own.body.kommentarer).toEqual([expect.objectContaining({ versjon: 2, role: 'arbeidsgiver', tekst: 'Greit for meg' })]);
    const seen = await planEvents(c, c.sykmeldt);
    expect(seen.map((e) => [e.type, e.data])).toEqual([
      ['plan.version_created', { planId, versjon: 1 }],
      ['plan.version_created', { planId, versjon: 2 }],
      ['plan.commented', { planId, versjon: 2 }],
      ['plan.approved', { planId, versjon: 2, role: 'arbeidsgiver', godkjent: false }],
      ['plan.approved', { planId, versjon: 2, role: 'sykmeldt', godkjent: true }],
      ['plan.shared', { planId, versjon: 2, mottaker: 'fastlege' }],
      ['plan.shared', { planId, versjon: 2, mottaker: 'nav' }],
    ]);
    const innsyn = await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200);
    const shares = innsyn.body.filter((a: { action: string }) => a.action.startsWith('share:'));
    expect(shares.map((a: { action: string; actorId: string; subjectIds: string[] }) => [a.action, a.actorId, a.subjectIds])).toEqual([
      ['share:fastlege', c.arbeidsgiver.sub, [`${planId}/2`]],
      ['share:nav', c.arbeidsgiver.sub, [`${planId}/2`]],
    ]);

    // The leder edits again: version 3 is for the two parties until it too is approved and shared.
    await hub
      .as(c.arbeidsgiver)
      .post(`${base}/${planId}/versjoner`)
      .send(innhold({ oppfolging: 'Samtale annenhver uke' }))
      .expect(201);
    const lege = await hub.as(c.fastlege).get(`${base}/${planId}`).expect(200);
    expect(lege.body.versjoner.map((v: { versjon: number }) => v.versjon)).toEqual([2]);
    expect(Object.keys(lege.body).sort()).toEqual(['createdAt', 'id', 'versjoner']);
    expect(lege.body.versjoner[0]).toMatchObject({ tilrettelegging: 'Hjemmekontor to dager i uka', godkjent: true });
    const nav = await hub.as(c.veileder).get(base).expect(200);
    expect(nav.body.map((p: { versjoner: { versjon: number }[] }) => p.versjoner.map((v) => v.versjon))).toEqual([[2]]);
    expect(JSON.stringify(nav.body)).not.toContain('Greit for meg');
    expect((await hub.as(c.sykmeldt).get(`${base}/${planId}`).expect(200)).body).toMatchObject({
      status: 'UNDER_ARBEID',
      gjeldendeVersjon: 2,
    });

    // A recipient sees the share made to it, not the one to the other, and none of the parties' working steps.
    expect((await planEvents(c, c.fastlege)).map((e) => [e.type, e.data?.mottaker])).toEqual([['plan.shared', 'fastlege']]);
    expect((await planEvents(c, c.veileder)).map((e) => [e.type, e.data?.mottaker])).toEqual([['plan.shared', 'nav']]);
    // The fastlege can read the plan but not change it.
    await hub.as(c.fastlege).post(`${base}/${planId}/versjoner`).send(innhold()).expect(403);

    // Versions are immutable even below the API.
    await expect(hub.query(`UPDATE oppfolgingsplan_versjoner SET oppfolging = 'x' WHERE plan_id = $1`, [planId])).rejects.toThrow(
      /immutable/,
    );
  });

  it('refuses bad input naming the field and illegal moves with 409, writing nothing', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(20));
    const base = `/cases/${c.id}/oppfolgingsplaner`;
    const field = (res: { body: { details?: { field: string; constraint: string }[] } }) => res.body.details?.map((d) => d.field);

    expect(
      field(
        await hub
          .as(c.arbeidsgiver)
          .post(base)
          .send(innhold({ evalueringsdato: '2026-02-30' }))
          .expect(400),
      ),
    ).toEqual(['evalueringsdato']);
    const past = await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send(innhold({ evalueringsdato: '2026-08-01' }))
      .expect(400);
    expect(past.body.details).toEqual([{ field: 'evalueringsdato', constraint: 'future' }]);
    const blank = await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send(innhold({ arbeidsoppgaver: '   ' }))
      .expect(400);
    expect(blank.body.details).toEqual([{ field: 'arbeidsoppgaver', constraint: 'required' }]);
    expect(
      field(
        await hub
          .as(c.arbeidsgiver)
          .post(base)
          .send(innhold({ oppfolging: 'x'.repeat(4001) }))
          .expect(400),
      ),
    ).toEqual(['oppfolging']);
    expect(
      field(
        await hub
          .as(c.arbeidsgiver)
          .post(base)
          .send({ ...innhold(), diagnose: 'L03' })
          .expect(400),
      ),
    ).toEqual(['diagnose']);
    expect(await hub.query(`SELECT id FROM oppfolgingsplaner WHERE case_id = $1`, [c.id])).toEqual([]);

    // Only the nærmeste leder drafts.
    await hub.as(c.sykmeldt).post(base).send(innhold()).expect(403);
    await hub.as(c.veileder).post(base).send(innhold()).expect(403);

    const planId: string = (await hub.as(c.arbeidsgiver).post(base).send(innhold()).expect(201)).body.id;
    await hub.as(c.arbeidsgiver).post(base).send(innhold()).expect(409);
    expect(field(await hub.as(c.sykmeldt).post(`${base}/${planId}/versjoner/7/kommentarer`).send({ tekst: 'Hei' }).expect(400))).toEqual([
      'versjon',
    ]);
    expect(field(await hub.as(c.sykmeldt).post(`${base}/${planId}/versjoner/0/godkjenning`).expect(400))).toEqual(['versjon']);
    await hub.as(c.arbeidsgiver).post(`${base}/${planId}/versjoner/1/godkjenning`).expect(200);
    await hub.as(c.sykmeldt).post(`${base}/${planId}/versjoner/1/godkjenning`).expect(200);
    expect(
      field(
        await hub
          .as(c.arbeidsgiver)
          .post(`${base}/${planId}/versjoner/1/deling`)
          .send({ mottakere: ['arbeidsgiver'] })
          .expect(400),
      ),
    ).toEqual(['mottakere']);
    expect(field(await hub.as(c.arbeidsgiver).post(`${base}/${planId}/versjoner/1/deling`).send({ mottakere: [] }).expect(400))).toEqual([
      'mottakere',
    ]);
    expect(await hub.query(`SELECT * FROM oppfolgingsplan_delinger WHERE plan_id = $1`, [planId])).toEqual([]);

    // Another virksomhet's leader in the same case does not learn of this plan and can make its own.
    const other: Actor = { role: 'arbeidsgiver', sub: shortId('leder2') };
    const otherOrg = syntheticOrgnr();
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: other.sub, orgnr: otherOrg })
      .expect(201);
    expect((await hub.as(other).get(base).expect(200)).body).toEqual([]);
    await hub.as(other).get(`${base}/${planId}`).expect(404);
    await hub.as(other).post(`${base}/${planId}/versjoner`).send(innhold()).expect(404);
    const own = await hub.as(other).post(base).send(innhold()).expect(201);
    expect(own.body.orgnr).toBe(otherOrg);
    expect((await hub.as(c.arbeidsgiver).get(base).expect(200)).body.map((p: { id: string }) => p.id)).toEqual([planId]);
    expect((await hub.as(c.sykmeldt).get(base).expect(200)).body).toHaveLength(2);
  });
});
