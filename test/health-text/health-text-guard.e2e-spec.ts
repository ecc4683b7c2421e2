import { randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';
import { GUARDED, NOT_GUARDED } from './open-text-routes';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  items?: Schema;
}
interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

/** The properties of a body schema, nested ones dotted, with their resolved schema. */
function properties(doc: OpenApi, schema: Schema | undefined, prefix = ''): [string, Schema][] {
  if (!schema) return [];
  if (schema.$ref) return properties(doc, doc.components.schemas[schema.$ref.split('/').pop()!], prefix);
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, s]): [string, Schema][] => {
    const resolved = s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s;
    const nested = resolved.type === 'array' ? resolved.items : resolved;
    return [[`${prefix}${name}`, resolved], ...(nested?.properties || nested?.$ref ? properties(doc, nested, `${prefix}${name}.`) : [])];
  });
  return [...own, ...(schema.allOf ?? []).flatMap((s) => properties(doc, s, prefix))];
}

const isFreeText = (s: Schema) =>
  (s.type === 'string' || (s.type === 'array' && s.items?.type === 'string')) && !s.enum && !s.items?.enum && !s.pattern && !s.format;

type Finding = { field: string; category: string; start: number; end: number };
const HEALTH = 'Ny vurdering etter fysioterapi';
const at = (text: string, word: string) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length });

describe('health information typed in open text bound for an arbeidsgiver (issue 19)', () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await hub.stop();
  });

  it('names every OpenAPI operation whose body carries free text as guarded or not, and each guarded body takes the confirmation', async () => {
    const doc = (await hub.http().get('/docs/openapi.json').expect(200)).body as OpenApi;
    const withText: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const route = `${method.toUpperCase()} ${path}`;
        const props = properties(doc, op.requestBody?.content?.['application/json']?.schema);
        if (props.some(([, s]) => isFreeText(s))) withText.push(route);
        if (GUARDED[route]) {
          const names = new Map(props);
          expect({ route, confirmation: names.get('helseopplysningerBekreftet')?.type }).toEqual({ route, confirmation: 'boolean' });
          for (const field of GUARDED[route])
            expect({ route, field, type: names.get(field)?.type }).toEqual({ route, field, type: 'string' });
        }
      }
    }
    const named = new Set([...Object.keys(GUARDED), ...Object.keys(NOT_GUARDED)]);
    expect(withText.filter((r) => !named.has(r))).toEqual([]);
    expect([...named].filter((r) => !withText.includes(r))).toEqual([]);
  });

  it('refuses a message to the leder with the spans, stores nothing, and sends it once the author confirms; innsyn shows the confirmation', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const path = `/cases/${c.id}/threads/${t}/messages`;
    const tekst = `${HEALTH}: hun kan trappe opp. Kode L03.`;

    const refused = await hub.as(c.fastlege).post(path).send({ clientTxnId: randomUUID(), tekst }).expect(422);
    expect(refused.body).toEqual({
      error: 'health_text',
      message: expect.stringContaining('helseopplysningerBekreftet') as string,
      findings: [
        { field: 'tekst', category: 'behandling', ...at(tekst, 'fysioterapi') },
        { field: 'tekst', category: 'kode', ...at(tekst, 'L03') },
      ],
      confirmField: 'helseopplysningerBekreftet',
    });
    expect(JSON.stringify(refused.body)).not.toContain('fysioterapi');
    const messages = async () => ((await hub.as(c.arbeidsgiver).get(path).expect(200)).body as { messages: { tekst: string }[] }).messages;
    expect(await messages()).toEqual([]);

    const sent = (
      await hub.as(c.fastlege).post(path).send({ clientTxnId: randomUUID(), tekst, helseopplysningerBekreftet: true }).expect(201)
    ).body as { id: string };
    expect((await messages()).map((m) => m.tekst)).toEqual([tekst]);

    const innsyn = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as {
      action: string;
      actorRole: string;
      subjectType: string;
      subjectIds: string[];
    }[];
    const confirmations = innsyn.filter((e) => e.action === 'health_text_confirmed');
    expect(confirmations.map((e) => ({ actorRole: e.actorRole, subjectType: e.subjectType, subjectIds: e.subjectIds }))).toEqual([
      { actorRole: 'fastlege', subjectType: 'Message', subjectIds: [sent.id] },
    ]);
    expect(JSON.stringify(innsyn)).not.toContain('fysioterapi');

    // An edit is checked like a send.
    const edit = await hub.as(c.fastlege).patch(`${path}/${sent.id}`).send({ tekst: 'Han har prolaps' }).expect(422);
    expect((edit.body as { findings: Finding[] }).findings).toEqual([{ field: 'tekst', category: 'diagnose', start: 8, end: 15 }]);
    await hub.as(c.fastlege).patch(`${path}/${sent.id}`).send({ tekst: 'Kan ikke løfte over 10 kg' }).expect(200);
  });

  it('does not check a thread without an arbeidsgiver seat, nor text that only describes function', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const lege = await thread(hub, c, [s.fastlege, s.veileder, s.sykmeldt]);
    await hub
      .as(c.fastlege)
      .post(`/cases/${c.id}/threads/${lege}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: `${HEALTH}, M54.5` })
      .expect(201);
    const leder = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder], c.veileder, 'Tilrettelegging');
    await hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/threads/${leder}/messages`)
      .send({
        clientTxnId: randomUUID(),
        tekst: 'Jeg kan ikke løfte over 10 kg og trenger hyppige pauser. Møte i rom B12 12.03.2026 kl. 10.30.',
      })
      .expect(201);
  });

  it('refuses a socket message.send with the same error, and takes a confirmed one', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    const socket = await connectAs(hub, c.sykmeldt);
    open.push(socket);
    expect((await socket.subscribe(c.id)).ok).toBe(true);
    const tekst = 'Jeg skal på MR på fredag';
    const refused = await socket.request<{ ok: boolean; error?: { error: string; findings: Finding[] } }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId: randomUUID(),
      tekst,
    });
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({
        error: 'health_text',
        findings: [{ field: 'tekst', category: 'undersokelse', ...at(tekst, 'MR') }],
      }) as unknown,
    });
    const sent = await socket.request<{ ok: boolean; created: boolean }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId: randomUUID(),
      tekst,
      helseopplysningerBekreftet: true,
    });
    expect(sent).toMatchObject({ ok: true, created: true });
    const clean = await socket.request<{ ok: boolean }>('message.send', {
      caseId: c.id,
      threadId: t,
      clientTxnId: randomUUID(),
      tekst: 'Jeg kommer på mandag',
    });
    expect(clean.ok).toBe(true);
  });

  it('guards every other open text the leder reads: subjects, plans and comments, referat, tasks and the reason a relation ended', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const v = hub.as(c.veileder);
    const a = hub.as(c.arbeidsgiver);
    const refusedField = async (req: PromiseLike<{ status: number; body: unknown }>) => {
      const res = await req;
      expect(res.status).toBe(422);
      return [...new Set((res.body as { findings: Finding[] }).findings.map((f) => f.field))];
    };

    // Thread subject
    const threads = `/cases/${c.id}/threads`;
    expect(
      await refusedField(v.post(threads).send({ subject: 'Etter kneoperasjonen', participants: [s.arbeidsgiver, s.veileder] })),
    ).toEqual(['subject']);
    await v
      .post(threads)
      .send({ subject: 'Etter kneoperasjonen', participants: [s.fastlege, s.veileder] })
      .expect(201);
    await v
      .post(threads)
      .send({ subject: 'Etter kneoperasjonen', participants: [s.arbeidsgiver, s.veileder], helseopplysningerBekreftet: true })
      .expect(201);

    // Oppfølgingsplan: draft, new version, comment
    const plans = `/cases/${c.id}/oppfolgingsplaner`;
    const innhold = {
      arbeidsoppgaver: 'Telefon',
      tilrettelegging: 'Pause etter psykologtimen',
      oppfolging: 'Fredager',
      evalueringsdato: '2027-01-15',
    };
    expect(await refusedField(a.post(plans).send(innhold))).toEqual(['tilrettelegging']);
    const plan = (
      await a
        .post(plans)
        .send({ ...innhold, tilrettelegging: 'Hev-senk-pult' })
        .expect(201)
    ).body as { id: string };
    expect(
      await refusedField(
        hub
          .as(c.sykmeldt)
          .post(`${plans}/${plan.id}/versjoner`)
          .send({ ...innhold, arbeidsoppgaver: 'Ikke lager pga prolaps' }),
      ),
    ).toEqual(['arbeidsoppgaver', 'tilrettelegging']);
    await hub
      .as(c.sykmeldt)
      .post(`${plans}/${plan.id}/versjoner`)
      .send({ ...innhold, helseopplysningerBekreftet: true })
      .expect(201);
    expect(
      await refusedField(hub.as(c.sykmeldt).post(`${plans}/${plan.id}/versjoner/2/kommentarer`).send({ tekst: 'Jeg bruker Sobril' })),
    ).toEqual(['tekst']);
    await hub.as(c.sykmeldt).post(`${plans}/${plan.id}/versjoner/2/kommentarer`).send({ tekst: 'Ser bra ut' }).expect(201);

    // Referat: the parts the leder reads are checked; the sykmeldt's and the behandler's oppgave are not
    const mote = (
      await v
        .post(`/cases/${c.id}/dialogmoter`)
        .send({ kind: 'DM2', tid: '2027-02-10T09:00:00+01:00', sted: 'NAV Hamar', deltakere: ['sykmeldt', 'arbeidsgiver'] })
        .expect(201)
    ).body as { id: string };
    const m = `/cases/${c.id}/dialogmoter/${mote.id}`;
    // A svar's wish: the leder reads it in its own DM1, not in NAV's DM2
    const onske = { svar: 'NYTT_TID_STED', onske: 'Etter MR-timen min' };
    await hub.as(c.sykmeldt).post(`${m}/svar`).send(onske).expect(200);
    const dm1 = (
      await a
        .post(`/cases/${c.id}/dialogmoter`)
        .send({ kind: 'DM1', tid: '2027-02-03T09:00:00+01:00', sted: 'Kontoret', deltakere: ['sykmeldt'] })
        .expect(201)
    ).body as { id: string };
    expect(await refusedField(hub.as(c.sykmeldt).post(`/cases/${c.id}/dialogmoter/${dm1.id}/svar`).send(onske))).toEqual(['onske']);
    await hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/dialogmoter/${dm1.id}/svar`)
      .send({ ...onske, onske: 'En dag senere' })
      .expect(200);
    hub.clock.set(new Date('2027-02-10T09:30:00+01:00'));
    const referat = {
      situasjon: 'Deprimert over lengre tid',
      konklusjon: 'Øke til 60 %',
      arbeidstakerOppgave: 'Fortsette hos fysioterapeut',
      behandlerOppgave: 'Vurdere MR',
    };
    expect(await refusedField(v.post(`${m}/ferdigstill`).send(referat))).toEqual(['situasjon']);
    await v
      .post(`${m}/ferdigstill`)
      .send({ ...referat, situasjon: 'I 50 % arbeid' })
      .expect(200);
    expect(
      await refusedField(
        v.put(`${m}/referat`).send({ ...referat, situasjon: 'I 50 % arbeid', arbeidsgiverOppgave: 'Ta hensyn til migrene' }),
      ),
    ).toEqual(['arbeidsgiverOppgave']);
    await v
      .put(`${m}/referat`)
      .send({ ...referat, situasjon: 'I 50 % arbeid', arbeidsgiverOppgave: 'Ta hensyn til migrene', helseopplysningerBekreftet: true })
      .expect(200);

    // Task titles in RETUR_ARBEID: the leder reads the sykmeldt's tasks, not the fastlege's
    const track = (await v.post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body as { id: string };
    const tasks = `/cases/${c.id}/tracks/${track.id}/tasks`;
    const task = { tittel: 'Avvente røntgen av hånden', eier: s.sykmeldt, frist: '2027-03-01T12:00:00+01:00' };
    expect(await refusedField(v.post(tasks).send(task))).toEqual(['tittel']);
    await v
      .post(tasks)
      .send({ ...task, eier: s.fastlege })
      .expect(201);

    // The reason a leder's relation ended goes to that leder's seat; a fastlege's does not
    const relations = (await v.get(`/cases/${c.id}`).expect(200)).body as { relations: { id: string; role: string }[] };
    const lederRel = relations.relations.find((r) => r.role === 'arbeidsgiver')!;
    const legeRel = relations.relations.find((r) => r.role === 'fastlege')!;
    expect(
      await refusedField(v.post(`/cases/${c.id}/relations/${lederRel.id}/end`).send({ reason: 'Leder er sykmeldt med utbrenthet' })),
    ).toEqual(['reason']);
    await v.post(`/cases/${c.id}/relations/${legeRel.id}/end`).send({ reason: 'Fastlegen har fått hjerteinfarkt' }).expect(200);
    await v.post(`/cases/${c.id}/relations/${lederRel.id}/end`).send({ reason: 'Ny nærmeste leder' }).expect(200);

    const innsyn = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as { action: string; subjectType: string }[];
    expect(
      innsyn
        .filter((e) => e.action === 'health_text_confirmed')
        .map((e) => e.subjectType)
        .sort(),
    ).toEqual(['Oppfolgingsplan', 'Referat', 'Thread']);
  });
});
