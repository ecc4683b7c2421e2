import type { Actor } from '@hub/domain';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';

/** Names planted in tokens and the relation: who may see which is decided in libs/access (PartyName grants). */
const NAMES = {
  sykmeldt: 'Kari Nordmann',
  arbeidsgiver: 'Ola Hansen',
  fastlege: 'Planted-Lege-Fastlegesen',
  veileder: 'Vera Veileder',
  virksomhet: 'Bedrift AS',
  annenLeder: 'Planted-Annen-Leder',
  annenVirksomhet: 'Planted-Annen-Virksomhet AS',
};

interface NamedCase {
  id: string;
  fnr: string;
  orgnr: string;
  sykmeldt: Actor;
  arbeidsgiver: Actor;
  annenLeder: Actor;
  fastlege: Actor;
  veileder: Actor;
}

describe('names instead of ids, each only to those who may see it', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  /** Four parties and a second employer, each signing in with a token that carries their name. */
  async function namedCase(): Promise<NamedCase> {
    const c: NamedCase = {
      id: '',
      fnr: syntheticFnr(),
      orgnr: syntheticOrgnr(),
      sykmeldt: { role: 'sykmeldt', sub: shortId('syk'), name: NAMES.sykmeldt },
      arbeidsgiver: { role: 'arbeidsgiver', sub: shortId('leder'), name: NAMES.arbeidsgiver },
      annenLeder: { role: 'arbeidsgiver', sub: shortId('leder'), name: NAMES.annenLeder },
      fastlege: { role: 'fastlege', sub: shortId('lege'), name: NAMES.fastlege },
      veileder: { role: 'veileder', sub: shortId('Z99'), name: NAMES.veileder },
    };
    const opened = await hub
      .as(c.veileder)
      .post('/cases')
      .send({ sykmeldtFnr: c.fnr, sykmeldtId: c.sykmeldt.sub, startDate: '2026-08-03' })
      .expect(201);
    c.id = opened.body.case.id;
    const rel = (body: Record<string, unknown>) => hub.as(c.veileder).post(`/cases/${c.id}/relations`).send(body).expect(201);
    await rel({ role: 'arbeidsgiver', partyId: c.arbeidsgiver.sub, orgnr: c.orgnr, virksomhetsnavn: NAMES.virksomhet });
    await rel({ role: 'arbeidsgiver', partyId: c.annenLeder.sub, orgnr: syntheticOrgnr(), virksomhetsnavn: NAMES.annenVirksomhet });
    await rel({ role: 'fastlege', partyId: c.fastlege.sub, herId: '8094866', hprNr: '9144889' });
    // Each person signs in once: that is how the hub learns their name.
    for (const who of [c.sykmeldt, c.arbeidsgiver, c.annenLeder, c.fastlege]) await hub.as(who).get('/cases').expect(200);
    return c;
  }

  it('shows the arbeidsgiver the sykmeldt, the veileder and itself by name, never the fastlege, another employer or the fnr', async () => {
    const c = await namedCase();
    const thread = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads`)
      .send({ subject: 'Felles', participants: ['sykmeldt', `arbeidsgiver:${c.orgnr}`, 'fastlege', 'veileder'] })
      .expect(201);
    const send = (who: Actor, tekst: string) =>
      hub
        .as(who)
        .post(`/cases/${c.id}/threads/${thread.body.id}/messages`)
        .send({ clientTxnId: shortId('tx'), tekst })
        .expect(201);
    // The leder's open socket, fanned out per audience, gets the same names as its REST reads.
    const socket = await connectAs(hub, c.arbeidsgiver);
    expect((await socket.subscribe(c.id, (await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200)).body.case.lastSeq)).ok).toBe(true);
    await send(c.sykmeldt, 'Hei fra meg');
    await send(c.fastlege, 'Hei fra legen');
    await send(c.veileder, 'Hei fra NAV');
    const pushed = await socket.until(() => {
      const got = socket.of(c.id).filter((e) => e.type === 'message.created');
      return got.length >= 3 && got;
    }, 'three messages on the socket');
    socket.close();
    expect(pushed.map((e) => [e.message?.tekst, e.message?.senderNavn])).toEqual([
      ['Hei fra meg', NAMES.sykmeldt],
      ['Hei fra legen', undefined],
      ['Hei fra NAV', NAMES.veileder],
    ]);

    const leder = hub.as(c.arbeidsgiver);
    const list = (await leder.get('/cases').expect(200)).body;
    const detail = (await leder.get(`/cases/${c.id}`).expect(200)).body;
    const messages = (await leder.get(`/cases/${c.id}/threads/${thread.body.id}/messages`).expect(200)).body;
    const events = (await leder.get(`/cases/${c.id}/events?after=0`).expect(200)).body;

    expect(list).toEqual([expect.objectContaining({ id: c.id, sykmeldtNavn: NAMES.sykmeldt })]);
    expect(detail.case.sykmeldtNavn).toBe(NAMES.sykmeldt);
    const byRole = Object.fromEntries(
      (detail.relations as { role: string; navn?: string; virksomhetsnavn?: string }[]).map((r) => [r.role, r]),
    );
    expect(byRole.sykmeldt.navn).toBe(NAMES.sykmeldt);
    expect(byRole.veileder.navn).toBe(NAMES.veileder);
    expect(byRole.arbeidsgiver).toMatchObject({ navn: NAMES.arbeidsgiver, virksomhetsnavn: NAMES.virksomhet, orgnr: c.orgnr });
    const authors = (messages.messages as { tekst: string; senderNavn?: string }[]).map((m) => [m.tekst, m.senderNavn]);
    expect(authors).toEqual(
      expect.arrayContaining([
        ['Hei fra meg', NAMES.sykmeldt],
        ['Hei fra legen', undefined],
        ['Hei fra NAV', NAMES.veileder],
      ]),
    );
    for (const seen of [list, detail, messages, events, pushed]) {
      const text = JSON.stringify(seen);
      expect(text).not.toContain('Planted-');
      expect(text).not.toContain(c.fnr);
    }

    // The data exists: the sykmeldt sees every name, the fastlege's and the other employer's included.
    const own = JSON.stringify([
      (await hub.as(c.sykmeldt).get(`/cases/${c.id}`).expect(200)).body,
      (await hub.as(c.sykmeldt).get(`/cases/${c.id}/threads/${thread.body.id}/messages`).expect(200)).body,
    ]);
    for (const name of Object.values(NAMES)) expect(own).toContain(name);
  });

  it("shows the fastlege its patient and NAV by name, never the nærmeste leder's name or virksomhet", async () => {
    const c = await namedCase();
    const lege = hub.as(c.fastlege);
    const seen = JSON.stringify([(await lege.get('/cases').expect(200)).body, (await lege.get(`/cases/${c.id}`).expect(200)).body]);
    expect(seen).toContain(NAMES.sykmeldt);
    expect(seen).toContain(NAMES.veileder);
    expect(seen).toContain(NAMES.fastlege);
    for (const hidden of [NAMES.arbeidsgiver, NAMES.virksomhet, NAMES.annenLeder, NAMES.annenVirksomhet])
      expect(seen).not.toContain(hidden);
    // The veileder sees every party.
    const nav = JSON.stringify((await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200)).body);
    for (const name of Object.values(NAMES)) expect(nav).toContain(name);
  });

  it('falls back to the name the veileder gave at opening, and takes a changed name from the next token without writing an unchanged one', async () => {
    const sykmeldt: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    const veileder: Actor = { role: 'veileder', sub: shortId('Z99') };
    const opened = await hub
      .as(veileder)
      .post('/cases')
      .send({
        sykmeldtFnr: syntheticFnr(),
        sykmeldtId: sykmeldt.sub,
        startDate: '2026-08-03',
        sykmeldtFornavn: 'Kari',
        sykmeldtEtternavn: 'Gitt',
      })
      .expect(201);
    const caseId: string = opened.body.case.id;
    expect(opened.body.case.sykmeldtNavn).toBe('Kari Gitt');

    // A token through the development issuer, as the page signs in: its `name` claim becomes the sykmeldt's name.
    const tokenFor = async (name: string, ttlSeconds: number) =>
      (await hub.http().post('/dev-issuer/token').send({ role: 'sykmeldt', sub: sykmeldt.sub, name, ttlSeconds }).expect(201)).body
        .token as string;
    const casesWith = (token: string) => hub.http().get('/cases').set('authorization', `Bearer ${token}`).expect(200);
    await casesWith(await tokenFor('  Kari   Nordmann ', 3600));
    expect((await hub.as(veileder).get(`/cases/${caseId}`).expect(200)).body.case.sykmeldtNavn).toBe('Kari Nordmann');
    const row = async () =>
      (
        await hub.query<{ xmin: string; navn: string }>(`SELECT xmin::text, navn FROM persons WHERE role = 'sykmeldt' AND sub = $1`, [
          sykmeldt.sub,
        ])
      )[0];
    const first = await row();

    // Another token with the same name: the row is not written again (same tuple version).
    await casesWith(await tokenFor('Kari Nordmann', 3000));
    expect(await row()).toEqual(first);

    // A changed name is taken at once.
    await casesWith(await tokenFor('Kari Nordmann-Berg', 2400));
    expect((await row()).navn).toBe('Kari Nordmann-Berg');
    expect((await hub.as(veileder).get(`/cases/${caseId}`).expect(200)).body.case.sykmeldtNavn).toBe('Kari Nordmann-Berg');
  });
});
