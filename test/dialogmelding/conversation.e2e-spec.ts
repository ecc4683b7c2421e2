import { randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { dialogUrl, LEGE_HER_ID, NAV_HER_ID, parsedMsgHead, startDialog } from './dialog-helpers';

describe('dialogmeldinger between the veileder and the fastlege, in a thread', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => hub.stop());

  it('carries a forespørsel to the fastlege and the svar back, each exporting as MsgHead with the right ConversationRef', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Spørsmål om arbeidsevne');
    const clientTxnId = randomUUID();
    const asked = await hub
      .as(c.veileder)
      .post(dialogUrl(c, t))
      .send({ clientTxnId, kind: 'FORESPORSEL', tekst: 'Hvordan er funksjonen nå?' })
      .expect(201);
    const f = asked.body;
    expect(f).toMatchObject({
      kind: 'FORESPORSEL',
      direction: 'UT',
      kodeverk: '8129',
      kode: '1',
      status: 'SENDT',
      tekst: 'Hvordan er funksjonen nå?',
      parentRef: null,
      ubesvart: false,
    });
    expect(f.conversationRef).toBe(f.msgId);
    // The same send again is the same forespørsel.
    const again = await hub
      .as(c.veileder)
      .post(dialogUrl(c, t))
      .send({ clientTxnId, kind: 'FORESPORSEL', tekst: 'Hvordan er funksjonen nå?' })
      .expect(200);
    expect(again.body.id).toBe(f.id);

    // The fastlege finds it in the thread, as a message and as a dialogmelding.
    const legeThread = await hub.as(c.fastlege).get(`/cases/${c.id}/threads/${t}/messages`).expect(200);
    expect(legeThread.body.messages).toEqual([
      expect.objectContaining({
        id: f.messageId,
        senderRole: 'veileder',
        tekst: 'Forespørsel om pasient',
        medisinskVurdering: 'Hvordan er funksjonen nå?',
      }),
    ]);
    const legeList = await hub.as(c.fastlege).get(dialogUrl(c, t)).expect(200);
    expect(legeList.body.map((d: { id: string }) => d.id)).toEqual([f.id]);

    // Each end writes only its own direction.
    await hub.as(c.fastlege).post(dialogUrl(c, t)).send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'x' }).expect(403);
    await hub
      .as(c.veileder)
      .post(dialogUrl(c, t, `/${f.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'x' })
      .expect(403);

    const answered = await hub
      .as(c.fastlege)
      .post(dialogUrl(c, t, `/${f.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'Kan jobbe 50 % om to uker.' })
      .expect(201);
    const svar = answered.body;
    expect(svar).toMatchObject({
      kind: 'SVAR',
      direction: 'INN',
      kodeverk: '9069',
      kode: '5',
      status: 'MOTTATT',
      parentId: f.id,
      parentRef: f.msgId,
      conversationRef: f.msgId,
    });

    const navSees = await hub.as(c.veileder).get(dialogUrl(c, t)).expect(200);
    expect(navSees.body).toEqual([
      expect.objectContaining({ id: f.id, besvartAt: expect.any(String), ubesvart: false }),
      expect.objectContaining({ id: svar.id, tekst: 'Kan jobbe 50 % om to uker.' }),
    ]);
    const navThread = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/messages`).expect(200);
    expect(
      navThread.body.messages.map((m: { senderRole: string; medisinskVurdering: string }) => [m.senderRole, m.medisinskVurdering]),
    ).toEqual([
      ['veileder', 'Hvordan er funksjonen nå?'],
      ['fastlege', 'Kan jobbe 50 % om to uker.'],
    ]);

    // The forespørsel as it leaves NAV: NAV to the legekontor, about the sykmeldt, opening its own conversation.
    const fXml = await hub
      .as(c.veileder)
      .get(dialogUrl(c, t, `/${f.id}/xml`))
      .expect(200);
    expect(fXml.headers['content-type']).toMatch(/^application\/xml/);
    const fDoc = parsedMsgHead(fXml.text);
    expect(fDoc).toMatchObject({
      type: 'DIALOG_FORESPORSEL',
      msgId: f.msgId,
      conversationRef: { refToConversation: f.msgId, refToParent: f.msgId },
    });
    expect(fDoc.sender.herId).toBe(NAV_HER_ID);
    expect(fDoc.receiver.herId).toBe(LEGE_HER_ID);
    expect(fDoc.patient.fodselsnummer).toBe(c.fnr);
    expect(fDoc.body?.foresporsler[0]).toMatchObject({
      typeForesp: { v: '1', s: '2.16.578.1.12.4.1.1.8129' },
      sporsmal: 'Hvordan er funksjonen nå?',
      dokIdForesp: f.id,
    });

    // The svar as the legekontor's message to NAV: in the forespørsel's conversation, pointing at it, quoting it.
    const sXml = await hub
      .as(c.fastlege)
      .get(dialogUrl(c, t, `/${svar.id}/xml`))
      .expect(200);
    const sDoc = parsedMsgHead(sXml.text);
    expect(sDoc).toMatchObject({
      type: 'DIALOG_SVAR',
      msgId: svar.msgId,
      conversationRef: { refToConversation: f.msgId, refToParent: f.msgId },
    });
    expect(sDoc.sender.herId).toBe(LEGE_HER_ID);
    expect(sDoc.receiver.herId).toBe(NAV_HER_ID);
    expect(sDoc.body?.notater[0]).toMatchObject({
      temaKodet: { v: '5', s: '2.16.578.1.12.4.1.1.9069' },
      tekst: 'Kan jobbe 50 % om to uker.',
      foresporsel: { dokIdForesp: f.id, typeForesp: { v: '1' } },
    });

    // The veileder is told of each in the case's event stream, by id and kind only.
    const events = await hub.as(c.veileder).get(`/cases/${c.id}/events?after=0`).expect(200);
    const created = events.body.events.filter((e: { type: string }) => e.type === 'dialogmelding.created');
    expect(created.map((e: { data: Record<string, unknown> }) => e.data)).toEqual([
      { dialogmeldingId: f.id, threadId: t, messageId: f.messageId, kind: 'FORESPORSEL', direction: 'UT', status: 'SENDT', parentId: null },
      {
        dialogmeldingId: svar.id,
        threadId: t,
        messageId: svar.messageId,
        kind: 'SVAR',
        direction: 'INN',
        status: 'MOTTATT',
        parentId: f.id,
      },
    ]);
    expect(JSON.stringify(created)).not.toContain('Kan jobbe');
  });

  it('lets the fastlege send a henvendelse and the veileder a notat, each with a kode from its list', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.fastlege, s.veileder, s.sykmeldt]);
    const henvendelse = await startDialog(hub, c, t, c.fastlege, { kind: 'HENVENDELSE', tekst: 'Pasienten ønsker dialogmøte.' });
    expect(henvendelse.body).toMatchObject({ kind: 'HENVENDELSE', kodeverk: '8128', kode: '1', direction: 'INN', parentRef: null });
    const bad = await startDialog(hub, c, t, c.veileder, { kind: 'NOTAT', kode: '7', tekst: 'x' }, 400);
    expect(bad.body.details).toEqual([{ field: 'kode', constraint: 'isKode' }]);
    await startDialog(hub, c, t, c.veileder, { kind: 'NOTAT', tekst: 'x' }, 400);
    const notat = await startDialog(hub, c, t, c.veileder, { kind: 'NOTAT', kode: '8', tekst: 'Melding fra NAV om videre plan.' });
    expect(notat.body).toMatchObject({ kind: 'NOTAT', kodeverk: '8127', kode: '8', status: 'SENDT' });
    const doc = parsedMsgHead(
      (
        await hub
          .as(c.veileder)
          .get(dialogUrl(c, t, `/${notat.body.id}/xml`))
          .expect(200)
      ).text,
    );
    expect(doc.body?.notater[0].temaKodet).toMatchObject({ v: '8', s: '2.16.578.1.12.4.1.1.8127' });
    // A notat is one-way: there is nothing to answer.
    await hub
      .as(c.fastlege)
      .post(dialogUrl(c, t, `/${notat.body.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'x' })
      .expect(409);

    // The sykmeldt in the thread reads them, but the MsgHead export is for the two ends of the exchange.
    const own = await hub.as(c.sykmeldt).get(dialogUrl(c, t)).expect(200);
    expect(own.body.map((d: { tekst: string }) => d.tekst)).toEqual(['Pasienten ønsker dialogmøte.', 'Melding fra NAV om videre plan.']);
    await hub
      .as(c.sykmeldt)
      .get(dialogUrl(c, t, `/${notat.body.id}/xml`))
      .expect(403);
    await hub.as(c.sykmeldt).post(dialogUrl(c, t)).send({ clientTxnId: randomUUID(), kind: 'HENVENDELSE', tekst: 'x' }).expect(403);
  });

  it('refuses a dialogmelding where it cannot go, and stores nothing', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const noLege = await thread(hub, c, [s.sykmeldt, s.veileder]);
    const withLeder = await startDialog(hub, c, group, c.veileder, { kind: 'FORESPORSEL', tekst: 'x' }, 409);
    expect(withLeder.body.message).toMatch(/without an arbeidsgiver/);
    await startDialog(hub, c, noLege, c.veileder, { kind: 'FORESPORSEL', tekst: 'x' }, 409);
    // The arbeidsgiver is in the group thread, yet has no dialogmelding grant at all.
    await startDialog(hub, c, group, c.arbeidsgiver, { kind: 'HENVENDELSE', tekst: 'x' }, 403);

    // A fastlege without HER-id cannot be addressed.
    const other = await caseWithFourParties(hub);
    await hub
      .as(other.veileder)
      .post(`/cases/${other.id}/relations`)
      .send({ role: 'fastlege', partyId: other.fastlege.sub, replace: true })
      .expect(201);
    const t = await thread(hub, other, [seats(other).fastlege, seats(other).veileder]);
    const unaddressed = await startDialog(hub, other, t, other.veileder, { kind: 'FORESPORSEL', tekst: 'x' }, 409);
    expect(unaddressed.body.message).toMatch(/HER-id/);

    // Unknown ids and strangers see the same 404.
    await hub
      .as(c.veileder)
      .get(dialogUrl(c, group, `/${randomUUID()}`))
      .expect(404);
    await hub.as(other.veileder).get(dialogUrl(c, group)).expect(404);

    const rows = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM dialogmeldinger WHERE case_id = ANY($1::uuid[])`, [
      [c.id, other.id],
    ]);
    expect(Number(rows[0].n)).toBe(0);
    const messages = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE case_id = ANY($1::uuid[])`, [
      [c.id, other.id],
    ]);
    expect(Number(messages[0].n)).toBe(0);
  });
});
