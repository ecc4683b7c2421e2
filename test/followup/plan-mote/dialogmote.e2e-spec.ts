import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties } from '../../factories/make';
import { shortId, syntheticOrgnr } from '../../factories/ids';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

const START = '2026-08-03';
const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);

interface EventView {
  type: string;
  data?: Record<string, unknown>;
}

describe('dialogmøter', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const moteEvents = async (c: FourPartyCase, who: Actor): Promise<EventView[]> =>
    ((await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events as EventView[]).filter((e) =>
      e.type.startsWith('dialogmote.'),
    );
  const lastSeq = async (c: FourPartyCase): Promise<number> =>
    (await hub.as(c.sykmeldt).get(`/cases/${c.id}`).expect(200)).body.case.lastSeq;

  it('lets the nærmeste leder convene DM1, which the sykmeldt answers, and keeps it between the two', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(40)); // week 6
    const base = `/cases/${c.id}/dialogmoter`;
    const dm1 = { kind: 'DM1', tid: day(47).toISOString(), sted: 'Kontoret, 2. etasje', deltakere: ['sykmeldt'] };

    await hub.as(c.veileder).post(base).send(dm1).expect(403);
    await hub
      .as(c.arbeidsgiver)
      .post(base)
      .send({ ...dm1, kind: 'DM2' })
      .expect(403);
    const innkalt = await hub.as(c.arbeidsgiver).post(base).send(dm1).expect(201);
    const moteId: string = innkalt.body.id;
    expect(innkalt.body).toMatchObject({
      kind: 'DM1',
      status: 'INNKALT',
      innkaltAv: 'arbeidsgiver',
      deltakere: ['sykmeldt', 'arbeidsgiver'],
      orgnr: c.orgnr,
      sted: 'Kontoret, 2. etasje',
      videoLink: null,
      svar: [],
      referat: null,
    });

    // The sykmeldt answers; a wish text goes only with NYTT_TID_STED; the convener does not answer itself.
    const bad = await hub.as(c.sykmeldt).post(`${base}/${moteId}/svar`).send({ svar: 'KOMMER', onske: 'Helst etter lunsj' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'onske', constraint: 'onlyWithNyttTidSted' }]);
    const answered = await hub.as(c.sykmeldt).post(`${base}/${moteId}/svar`).send({ svar: 'KOMMER' }).expect(200);
    expect(answered.body.svar).toEqual([{ role: 'sykmeldt', type: 'KOMMER', at: day(40).toISOString() }]);
    await hub.as(c.arbeidsgiver).post(`${base}/${moteId}/svar`).send({ svar: 'KOMMER' }).expect(403);
    expect((await hub.as(c.arbeidsgiver).get(`${base}/${moteId}`).expect(200)).body.svar).toEqual([
      { role: 'sykmeldt', type: 'KOMMER', at: day(40).toISOString() },
    ]);

    // NAV and the fastlege are not invited to DM1, so it does not exist for them.
    expect((await hub.as(c.veileder).get(base).expect(200)).body).toEqual([]);
    await hub.as(c.fastlege).get(`${base}/${moteId}`).expect(404);
    await hub.as(c.fastlege).post(`${base}/${moteId}/svar`).send({ svar: 'KOMMER' }).expect(404);
    expect(await moteEvents(c, c.veileder)).toEqual([]);
    expect((await moteEvents(c, c.sykmeldt)).map((e) => [e.type, e.data])).toEqual([
      ['dialogmote.innkalt', { moteId, kind: 'DM1', status: 'INNKALT' }],
      ['dialogmote.svar', { moteId, role: 'sykmeldt', svar: 'KOMMER' }],
    ]);

    hub.clock.set(day(47.1));
    const held = await hub
      .as(c.arbeidsgiver)
      .post(`${base}/${moteId}/ferdigstill`)
      .send({ situasjon: 'Gradvis tilbake', konklusjon: 'Ny samtale om tre uker', arbeidsgiverOppgave: 'Bestille pult' })
      .expect(200);
    expect(held.body).toMatchObject({
      status: 'FERDIGSTILT',
      referat: { situasjon: 'Gradvis tilbake', konklusjon: 'Ny samtale om tre uker', arbeidsgiverOppgave: 'Bestille pult' },
    });
    expect((await hub.as(c.arbeidsgiver).post(`${base}/${moteId}/lukk`).expect(200)).body.status).toBe('LUKKET');
  });

  it('walks DM2: convened by NAV, answered, rescheduled, held with a referat each party sees its part of, then closed', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(22 * 7)); // week 23
    const base = `/cases/${c.id}/dialogmoter`;
    const innkalt = await hub
      .as(c.veileder)
      .post(base)
      .send({
        kind: 'DM2',
        tid: day(24 * 7).toISOString(),
        sted: 'NAV Hamar',
        videoLink: 'https://video.nav.no/m/abc',
        deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
      })
      .expect(201);
    const moteId: string = innkalt.body.id;
    const url = `${base}/${moteId}`;
    expect(innkalt.body).toMatchObject({
      kind: 'DM2',
      status: 'INNKALT',
      innkaltAv: 'veileder',
      deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'],
    });

    await hub.as(c.sykmeldt).post(`${url}/svar`).send({ svar: 'NYTT_TID_STED', onske: 'Ettermiddag passer bedre' }).expect(200);
    await hub.as(c.arbeidsgiver).post(`${url}/svar`).send({ svar: 'KOMMER' }).expect(200);
    await hub.as(c.fastlege).post(`${url}/svar`).send({ svar: 'KOMMER_IKKE' }).expect(200);
    // Every deltaker sees who comes; the wish text goes to its writer, the convener and the sykmeldt.
    const svarOf = async (who: Actor) =>
      (await hub.as(who).get(url).expect(200)).body.svar as { role: string; type: string; onske?: string }[];
    expect((await svarOf(c.veileder)).map((s) => [s.role, s.type, s.onske])).toEqual([
      ['sykmeldt', 'NYTT_TID_STED', 'Ettermiddag passer bedre'],
      ['arbeidsgiver', 'KOMMER', undefined],
      ['fastlege', 'KOMMER_IKKE', undefined],
    ]);
    expect((await svarOf(c.arbeidsgiver)).map((s) => [s.role, s.type, s.onske])).toEqual([
      ['sykmeldt', 'NYTT_TID_STED', undefined],
      ['arbeidsgiver', 'KOMMER', undefined],
      ['fastlege', 'KOMMER_IKKE', undefined],
    ]);
    expect(JSON.stringify(await svarOf(c.fastlege))).not.toContain('Ettermiddag');

    // Only the convener moves the møte; a new time clears the svar given to the old one.
    await hub
      .as(c.arbeidsgiver)
      .post(`${url}/nytt-tid-sted`)
      .send({ tid: day(25 * 7).toISOString(), sted: 'NAV Hamar' })
      .expect(403);
    const moved = await hub
      .as(c.veileder)
      .post(`${url}/nytt-tid-sted`)
      .send({ tid: day(25 * 7).toISOString(), sted: 'NAV Hamar, rom 3' })
      .expect(200);
    expect(moved.body).toMatchObject({
      status: 'NYTT_TID_STED',
      tid: day(25 * 7).toISOString(),
      sted: 'NAV Hamar, rom 3',
      videoLink: null,
      svar: [],
    });
    await hub.as(c.sykmeldt).post(`${url}/svar`).send({ svar: 'KOMMER' }).expect(200);

    hub.clock.set(day(25 * 7 + 0.1));
    const referat = {
      situasjon: 'Arbeidstaker er i 50 % arbeid',
      konklusjon: 'Økning til 80 % fra neste måned',
      arbeidstakerOppgave: 'Gå til fysioterapi to ganger i uka',
      arbeidsgiverOppgave: 'Tilpasse turnus',
      veilederOppgave: 'Vurdere tilskudd',
      behandlerOppgave: 'Vurdere henvisning til MR',
    };
    const held = await hub.as(c.veileder).post(`${url}/ferdigstill`).send(referat).expect(200);
    expect(held.body.status).toBe('FERDIGSTILT');
    const parts = async (who: Actor) => Object.keys((await hub.as(who).get(url).expect(200)).body.referat).sort();
    expect(await parts(c.sykmeldt)).toEqual([...Object.keys(referat), 'skrevetAt'].sort());
    expect(await parts(c.veileder)).toEqual([...Object.keys(referat), 'skrevetAt'].sort());
    expect(await parts(c.arbeidsgiver)).toEqual(['arbeidsgiverOppgave', 'konklusjon', 'situasjon', 'skrevetAt']);
    expect(await parts(c.fastlege)).toEqual(['behandlerOppgave', 'konklusjon', 'situasjon', 'skrevetAt']);
    const leder = JSON.stringify((await hub.as(c.arbeidsgiver).get(base).expect(200)).body);
    expect(leder).not.toMatch(/fysioterapi|MR|tilskudd/);

    // Illegal moves answer 409 and change nothing: no status, no row, no event.
    const seq = await lastSeq(c);
    for (const [path, body] of [
      ['avlys', {}],
      ['nytt-tid-sted', { tid: day(27 * 7).toISOString(), sted: 'NAV Hamar' }],
      ['ferdigstill', referat],
    ] as const) {
      const refused = await hub.as(c.veileder).post(`${url}/${path}`).send(body).expect(409);
      expect(refused.body.error).toBe('conflict');
    }
    await hub.as(c.arbeidsgiver).post(`${url}/svar`).send({ svar: 'KOMMER_IKKE' }).expect(409);
    expect(await lastSeq(c)).toBe(seq);
    expect((await hub.as(c.sykmeldt).get(url).expect(200)).body.status).toBe('FERDIGSTILT');

    // The referat can be corrected while FERDIGSTILT; once LUKKET nothing moves any more.
    const revised = await hub
      .as(c.veileder)
      .put(`${url}/referat`)
      .send({ ...referat, konklusjon: 'Økning til 70 %' })
      .expect(200);
    expect(revised.body.referat.konklusjon).toBe('Økning til 70 %');
    await hub.as(c.veileder).post(`${url}/lukk`).expect(200);
    await hub.as(c.veileder).post(`${url}/lukk`).expect(409);
    await hub.as(c.veileder).put(`${url}/referat`).send(referat).expect(409);
    expect((await hub.as(c.arbeidsgiver).get(url).expect(200)).body.referat).toMatchObject({
      konklusjon: 'Økning til 70 %',
      arbeidsgiverOppgave: 'Tilpasse turnus',
    });

    const moves = await hub.query<{ from_status: string; to_status: string }>(
      `SELECT from_status, to_status FROM dialogmote_status_endringer WHERE mote_id = $1 ORDER BY id`,
      [moteId],
    );
    expect(moves.map((m) => `${m.from_status}>${m.to_status}`)).toEqual([
      'INNKALT>NYTT_TID_STED',
      'NYTT_TID_STED>FERDIGSTILT',
      'FERDIGSTILT>LUKKET',
    ]);
    // The arbeidsgiver hears each step by id and status only.
    expect((await moteEvents(c, c.arbeidsgiver)).map((e) => [e.type, e.data])).toEqual([
      ['dialogmote.innkalt', { moteId, kind: 'DM2', status: 'INNKALT' }],
      ['dialogmote.svar', { moteId, role: 'sykmeldt', svar: 'NYTT_TID_STED' }],
      ['dialogmote.svar', { moteId, role: 'arbeidsgiver', svar: 'KOMMER' }],
      ['dialogmote.svar', { moteId, role: 'fastlege', svar: 'KOMMER_IKKE' }],
      ['dialogmote.status_changed', { moteId, kind: 'DM2', from: 'INNKALT', to: 'NYTT_TID_STED' }],
      ['dialogmote.svar', { moteId, role: 'sykmeldt', svar: 'KOMMER' }],
      ['dialogmote.status_changed', { moteId, kind: 'DM2', from: 'NYTT_TID_STED', to: 'FERDIGSTILT' }],
      ['dialogmote.referat', { moteId }],
      ['dialogmote.referat', { moteId }],
      ['dialogmote.status_changed', { moteId, kind: 'DM2', from: 'FERDIGSTILT', to: 'LUKKET' }],
    ]);
  });

  it('refuses bad input naming the field, and records a DM2 unntak whose reason the arbeidsgiver never sees', async () => {
    const c = await caseWithFourParties(hub, START);
    hub.clock.set(day(20 * 7));
    const base = `/cases/${c.id}/dialogmoter`;
    const dm2 = { kind: 'DM2', tid: day(22 * 7).toISOString(), sted: 'NAV Hamar', deltakere: ['sykmeldt', 'arbeidsgiver'] };
    const fields = async (body: Record<string, unknown>) => {
      const res = await hub.as(c.veileder).post(base).send(body).expect(400);
      return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))];
    };
    expect(await fields({ ...dm2, tid: day(19 * 7).toISOString() })).toEqual(['tid']);
    expect(await fields({ ...dm2, tid: '2026-12-20T10:00:00' })).toEqual(['tid']);
    expect(await fields({ ...dm2, kind: 'DM4' })).toEqual(['kind']);
    expect(await fields({ ...dm2, deltakere: ['sykmeldt', 'sjef'] })).toEqual(['deltakere']);
    expect(await fields({ ...dm2, deltakere: ['sykmeldt'] })).toEqual(['deltakere']);
    expect(await fields({ ...dm2, videoLink: 'ftp://video.nav.no/x' })).toEqual(['videoLink']);
    expect(await fields({ ...dm2, sted: '' })).toEqual(['sted']);
    expect(await fields({ ...dm2, orgnr: '123456789' })).toEqual(['orgnr']);
    expect(await hub.query(`SELECT id FROM dialogmoter WHERE case_id = $1`, [c.id])).toEqual([]);

    // With two virksomheter NAV must say which one the møte is with; the other leader does not learn of it.
    const other: Actor = { role: 'arbeidsgiver', sub: shortId('leder2') };
    const otherOrg = syntheticOrgnr();
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: other.sub, orgnr: otherOrg })
      .expect(201);
    expect(await fields(dm2)).toEqual(['orgnr']);
    const moteId: string = (
      await hub
        .as(c.veileder)
        .post(base)
        .send({ ...dm2, orgnr: c.orgnr })
        .expect(201)
    ).body.id;
    expect((await hub.as(other).get(base).expect(200)).body).toEqual([]);
    await hub.as(other).post(`${base}/${moteId}/svar`).send({ svar: 'KOMMER' }).expect(404);

    // An open DM2 blocks an unntak; once it is cancelled NAV may record one.
    const unntak = `/cases/${c.id}/dm2-unntak`;
    await hub.as(c.veileder).get(unntak).expect(404);
    await hub.as(c.veileder).post(unntak).send({ arsak: 'INNLEGGELSE_INSTITUSJON' }).expect(409);
    await hub.as(c.veileder).post(`${base}/${moteId}/avlys`).expect(200);
    expect((await hub.as(c.veileder).post(unntak).send({ arsak: 'FRISKMELDT' }).expect(400)).body.details[0].field).toBe('arsak');
    await hub.as(c.arbeidsgiver).post(unntak).send({ arsak: 'MEDISINSKE_GRUNNER' }).expect(403);
    const made = await hub
      .as(c.veileder)
      .post(unntak)
      .send({ arsak: 'MEDISINSKE_GRUNNER', beskrivelse: 'Innlagt til utredning' })
      .expect(201);
    expect(made.body).toEqual({
      arsak: 'MEDISINSKE_GRUNNER',
      beskrivelse: 'Innlagt til utredning',
      by: c.veileder.sub,
      at: day(20 * 7).toISOString(),
    });
    await hub.as(c.veileder).post(unntak).send({ arsak: 'MEDISINSKE_GRUNNER' }).expect(409);

    expect((await hub.as(c.sykmeldt).get(unntak).expect(200)).body).toMatchObject({
      arsak: 'MEDISINSKE_GRUNNER',
      beskrivelse: 'Innlagt til utredning',
    });
    expect((await hub.as(c.arbeidsgiver).get(unntak).expect(200)).body).toEqual({ at: day(20 * 7).toISOString() });
    expect((await hub.as(other).get(unntak).expect(200)).body).toEqual({ at: day(20 * 7).toISOString() });
    await hub.as(c.fastlege).get(unntak).expect(404);
    const told = (await moteEvents(c, c.arbeidsgiver)).filter((e) => e.type === 'dialogmote.dm2_unntak');
    expect(told).toEqual([expect.objectContaining({ data: {} })]);
    expect((await moteEvents(c, c.fastlege)).filter((e) => e.type === 'dialogmote.dm2_unntak')).toEqual([]);
  });
});
