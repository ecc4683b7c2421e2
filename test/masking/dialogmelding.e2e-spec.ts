import { randomBytes, randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';
import { dialogUrl, fromLege, GATEWAY_KEY, henvendelseBody, postInbound, startDialog, svarBody } from '../dialogmelding/dialog-helpers';

describe("a dialogmelding's medical content never reaches the arbeidsgiver", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => hub.stop());

  it('is absent from REST, events, search, export and socket, also after the arbeidsgiver is brought into the thread', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const planted = (what: string) => `PLANTET${what}${randomBytes(6).toString('hex')}`;
    const [q, a, h, g] = [planted('sporsmal'), planted('svar'), planted('henvendelse'), planted('gateway')];
    const leder = await connectAs(hub, c.arbeidsgiver);
    expect((await leder.subscribe(c.id)).ok).toBe(true);

    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    const dialog = await thread(hub, c, [s.sykmeldt, s.fastlege, s.veileder], c.veileder, 'Til fastlegen');
    const f = (await startDialog(hub, c, dialog, c.veileder, { kind: 'FORESPORSEL', tekst: `Diagnose og prognose? ${q}` })).body;
    const svar = (
      await hub
        .as(c.fastlege)
        .post(dialogUrl(c, dialog, `/${f.id}/svar`))
        .send({ clientTxnId: randomUUID(), tekst: `L84 ryggsyndrom ${a}` })
        .expect(201)
    ).body;
    await postInbound(hub, fromLege(c.fnr, henvendelseBody(`Depresjon, P76 ${h}`))).expect(200);
    // A sentinel the arbeidsgiver does see: once it arrives, every earlier event has been delivered or withheld.
    await send(hub, c, group, c.veileder, { tekst: 'Sentinel 1' });
    await leder.until(() => leder.of(c.id).find((e) => e.message?.tekst === 'Sentinel 1'), 'the first sentinel');

    const lederSees = async () => {
      const threads = await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads`).expect(200);
      const events = await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200);
      const bodies: unknown[] = [threads.body, events.body];
      // One search per planted word (every word of a query must match); thread pages follow at index 6.
      for (const term of [q, a, h, g])
        bodies.push((await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/search`).query({ q: term }).expect(200)).body);
      for (const t of threads.body as { id: string }[]) {
        bodies.push((await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${t.id}/messages`).expect(200)).body);
      }
      return { bodies, threads: threads.body as { id: string; subject: string }[], events: events.body.events as { type: string }[] };
    };
    const assertClean = (seen: unknown[]) => {
      for (const body of [...seen, leder.of(c.id)]) {
        const text = JSON.stringify(body);
        for (const p of [q, a, h, g]) expect(text).not.toContain(p);
        expect(text).not.toMatch(/diagnose|medisinsk|dialogmelding|L84|P76/i);
      }
    };

    const before = await lederSees();
    expect(before.threads.map((t) => t.subject)).toEqual(['Felles']);
    assertClean(before.bodies);
    // Its routes are not found for the arbeidsgiver, exactly like a made-up id.
    const hidden = await hub.as(c.arbeidsgiver).get(dialogUrl(c, dialog)).expect(404);
    expect((await hub.as(c.arbeidsgiver).get(dialogUrl(c, randomUUID())).expect(404)).body).toEqual(hidden.body);
    await hub
      .as(c.arbeidsgiver)
      .get(dialogUrl(c, dialog, `/${f.id}`))
      .expect(404);
    await hub
      .as(c.arbeidsgiver)
      .get(dialogUrl(c, dialog, `/${f.id}/xml`))
      .expect(404);
    await hub
      .as(c.arbeidsgiver)
      .post(dialogUrl(c, dialog, `/${f.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'x' })
      .expect(404);
    await hub
      .as(c.arbeidsgiver)
      .post(dialogUrl(c, dialog, `/${f.id}/paminnelse`))
      .send({ clientTxnId: randomUUID() })
      .expect(404);
    // The gateway routes take the gateway's key, never a party's token: to the arbeidsgiver they do not exist.
    for (const res of [
      await hub.as(c.arbeidsgiver).get('/dialogmelding/outbox'),
      await hub.as(c.arbeidsgiver).post(`/dialogmelding/outbox/${f.msgId ?? randomUUID()}/published`),
      await hub.as(c.arbeidsgiver).post('/dialogmelding/inbound').set('content-type', 'application/xml').send('<MsgHead/>'),
    ]) {
      expect(res.status).toBe(404);
      assertClean([res.body, res.text]);
    }
    // In a thread it does share, it may not write one and sees none.
    await startDialog(hub, c, group, c.arbeidsgiver, { kind: 'HENVENDELSE', tekst: 'x' }, 403);
    expect((await hub.as(c.arbeidsgiver).get(dialogUrl(c, group)).expect(200)).body).toEqual([]);

    // The sykmeldt brings the arbeidsgiver into the dialog thread: the thread's messages show, their medical part does not.
    await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${dialog}/participants`).send({ seat: s.arbeidsgiver }).expect(201);
    await startDialog(hub, c, dialog, c.veileder, { kind: 'NOTAT', kode: '8', tekst: 'x' }, 409);
    // The fastlege's next svar in that conversation comes through the gateway and is filed in a new thread instead.
    await postInbound(
      hub,
      fromLege(c.fnr, svarBody(`Oppfølging ${g}`), { conversationRef: { refToParent: svar.msgId, refToConversation: f.msgId } }),
    ).expect(200);
    await send(hub, c, group, c.veileder, { tekst: 'Sentinel 2' });
    await leder.until(() => leder.of(c.id).find((e) => e.message?.tekst === 'Sentinel 2'), 'the second sentinel');

    const after = await lederSees();
    expect(after.threads.map((t) => t.subject).sort()).toEqual(['Felles', 'Til fastlegen']);
    const joined = after.bodies[6 + after.threads.findIndex((t) => t.id === dialog)] as { messages: { tekst: string }[] };
    expect(joined.messages.map((m) => m.tekst)).toEqual(['Forespørsel om pasient', 'Svar på forespørsel']);
    assertClean(after.bodies);
    expect((await hub.as(c.arbeidsgiver).get(dialogUrl(c, dialog)).expect(200)).body).toEqual([]);
    await hub
      .as(c.arbeidsgiver)
      .get(dialogUrl(c, dialog, `/${f.id}`))
      .expect(404);
    await hub
      .as(c.arbeidsgiver)
      .get(dialogUrl(c, dialog, `/${f.id}/xml`))
      .expect(404);

    // The content exists: the sykmeldt and the veileder read every planted text, so the checks above prove masking.
    for (const term of [q, a]) {
      const sykmeldtSearch = await hub.as(c.sykmeldt).get(`/cases/${c.id}/search`).query({ q: term }).expect(200);
      expect(JSON.stringify(sykmeldtSearch.body)).toContain(term);
    }
    const navThreads = (await hub.as(c.veileder).get(`/cases/${c.id}/threads`).expect(200)).body as { id: string }[];
    const navText = JSON.stringify(
      await Promise.all(navThreads.map(async (t) => (await hub.as(c.veileder).get(dialogUrl(c, t.id)).expect(200)).body)),
    );
    for (const p of [q, a, h, g]) expect(navText).toContain(p);
    leder.close();
  });
});
