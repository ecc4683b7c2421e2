import { randomUUID } from 'node:crypto';
import { buildAppRec, buildDialogmelding } from '@hub/dialogmelding';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, thread } from '../factories/make';
import { syntheticFnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import {
  fixture,
  fromLege,
  GATEWAY_KEY,
  henvendelseBody,
  LEGE_HER_ID,
  NAV_HER_ID,
  parsedAppRec,
  parsedMsgHead,
  postInbound,
  startDialog,
  svarBody,
} from './dialog-helpers';

const MAX_BYTES = 65_536;

describe('the message gateway: MsgHead in, AppRec out, and the outbox', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({
      env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_MAX_BYTES: String(MAX_BYTES), DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' },
    });
  });
  afterAll(() => hub.stop());

  const gateway = (method: 'get' | 'post', path: string) => hub.http()[method](path).set('x-dialogmelding-gateway-key', GATEWAY_KEY);

  async function foresporsel(c: FourPartyCase) {
    const t = await thread(hub, c, [seats(c).fastlege, seats(c).veileder]);
    const f = await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'Hvordan går det med pasienten?' });
    return { t, f: f.body as { id: string; msgId: string; conversationRef: string } };
  }

  const counts = async (caseId?: string) => {
    const [row] = await hub.query<{ d: string; m: string; t: string }>(
      `SELECT (SELECT count(*) FROM dialogmeldinger WHERE $1::uuid IS NULL OR case_id = $1) AS d,
              (SELECT count(*) FROM messages WHERE $1::uuid IS NULL OR case_id = $1) AS m,
              (SELECT count(*) FROM threads WHERE $1::uuid IS NULL OR case_id = $1) AS t`,
      [caseId ?? null],
    );
    return { dialogmeldinger: Number(row.d), messages: Number(row.m), threads: Number(row.t) };
  };

  it('exists only for the gateway key: without it, or with a wrong one, 404', async () => {
    const xml = fromLege(syntheticFnr(), henvendelseBody('x'));
    const none = await postInbound(hub, xml, null).expect(404);
    const wrong = await postInbound(hub, xml, 'not-the-gateway-key-at-all-0000').expect(404);
    expect(wrong.body).toEqual(none.body);
    await hub.http().get('/dialogmelding/outbox').expect(404);
  });

  it('hands a forespørsel to the gateway, files the svar it brings back in the thread with an AppRec OK, and stores a repeat once', async () => {
    const c = await caseWithFourParties(hub);
    const { t, f } = await foresporsel(c);

    const outbox = await gateway('get', '/dialogmelding/outbox?limit=500').expect(200);
    const item = outbox.body.find((o: { id: string }) => o.id === f.id);
    expect(item).toMatchObject({ msgId: f.msgId, kind: 'FORESPORSEL' });
    const sent = parsedMsgHead(item.xml);
    expect(sent.receiver.herId).toBe(LEGE_HER_ID);
    await gateway('post', `/dialogmelding/outbox/${f.msgId}/published`).expect(200);
    const later = await gateway('get', '/dialogmelding/outbox?limit=500').expect(200);
    expect(later.body.map((o: { id: string }) => o.id)).not.toContain(f.id);

    // The EPJ answers in the conversation, pointing at the forespørsel.
    const msgId = randomUUID();
    const xml = fromLege(c.fnr, svarBody('Sykmeldt til 1. oktober, deretter gradert.', f.id), {
      msgId,
      conversationRef: { refToParent: sent.msgId, refToConversation: sent.conversationRef!.refToConversation! },
    });
    const res = await postInbound(hub, xml).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['x-apprec-status']).toBe('OK');
    const apprec = parsedAppRec(res.text);
    expect(apprec).toMatchObject({ status: 'OK', errors: [], original: { id: msgId, msgType: { v: 'DIALOG_SVAR' } } });
    expect(apprec.sender?.institution?.idents.map((i) => i.id)).toContain(NAV_HER_ID);

    const navSees = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/dialogmeldinger`).expect(200);
    expect(navSees.body).toEqual([
      expect.objectContaining({ id: f.id, besvartAt: expect.any(String), publishedAt: expect.any(String) }),
      expect.objectContaining({
        kind: 'SVAR',
        direction: 'INN',
        msgId,
        parentId: f.id,
        conversationRef: f.msgId,
        tekst: 'Sykmeldt til 1. oktober, deretter gradert.',
      }),
    ]);
    const messages = await hub.as(c.fastlege).get(`/cases/${c.id}/threads/${t}/messages`).expect(200);
    expect(messages.body.messages[1]).toMatchObject({
      senderRole: 'fastlege',
      senderId: c.fastlege.sub,
      medisinskVurdering: 'Sykmeldt til 1. oktober, deretter gradert.',
    });

    // The same MsgId again: stored once, the same AppRec.
    const before = await counts(c.id);
    const repeat = await postInbound(hub, xml).expect(200);
    expect(repeat.text).toBe(res.text);
    expect(await counts(c.id)).toEqual(before);
  });

  it('files a henvendelse without ConversationRef by its patient, in a new veileder–fastlege thread', async () => {
    const c = await caseWithFourParties(hub);
    const res = await postInbound(hub, fromLege(c.fnr, henvendelseBody('Ber om dialogmøte.'))).expect(200);
    expect(res.headers['x-apprec-status']).toBe('OK');
    const threads = await hub.as(c.veileder).get(`/cases/${c.id}/threads`).expect(200);
    expect(threads.body).toEqual([
      expect.objectContaining({ subject: 'Henvendelse om sykefraværsoppfølging', participants: ['fastlege', 'veileder'] }),
    ]);
    const list = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${threads.body[0].id}/dialogmeldinger`).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ kind: 'HENVENDELSE', kode: '1', tekst: 'Ber om dialogmøte.', parentId: null })]);
    // The thread, its message and the dialogmelding came in one transaction, the message carrying its own event's seq.
    const events = await hub.as(c.veileder).get(`/cases/${c.id}/events?after=0`).expect(200);
    const tail = events.body.events.slice(-3);
    expect(tail.map((e: { type: string }) => e.type)).toEqual(['thread.created', 'message.created', 'dialogmelding.created']);
    expect(tail[1].message).toMatchObject({ id: list.body[0].messageId, seq: tail[1].seq, tekst: 'Henvendelse om sykefraværsoppfølging' });
    // Neither the sykmeldt nor the arbeidsgiver takes part in it.
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${threads.body[0].id}/dialogmeldinger`).expect(404);
    expect((await hub.as(c.sykmeldt).get(`/cases/${c.id}/threads`).expect(200)).body).toEqual([]);
  });

  it('updates an outgoing dialogmelding from the AppRec its receiver sends back, and shows an avvist one with its reason', async () => {
    const c = await caseWithFourParties(hub);
    const { t, f } = await foresporsel(c);
    const notat = (await startDialog(hub, c, t, c.veileder, { kind: 'NOTAT', kode: '9', tekst: 'Informasjon fra NAV.' })).body;
    const appRec = (originalId: string, ok: boolean) =>
      buildAppRec({
        id: randomUUID(),
        genDate: new Date(),
        sender: { name: 'Legesenteret', herId: LEGE_HER_ID },
        receiver: { name: 'NAV', herId: NAV_HER_ID },
        original: { id: originalId, msgType: 'DIALOG_FORESPORSEL', issueDate: '2026-09-01' },
        ...(ok
          ? { status: 'OK' as const }
          : { status: 'AVVIST' as const, errors: [{ code: 'E35' as const, details: 'Pasienten er ikke på listen' }] }),
      });

    // Every AppRec is consumed with a 202 saying what the hub made of it, never with an AppRec.
    const outcome = async (xml: string) => (await postInbound(hub, xml).expect(202)).body;
    expect(await outcome(appRec(f.msgId, true))).toEqual({ outcome: 'matched' });
    expect(await outcome(appRec(f.msgId, true))).toEqual({ outcome: 'matched' });
    expect(await outcome(appRec(f.msgId, false))).toEqual({ outcome: 'ignored', reason: 'contradicts' });
    expect(await outcome(appRec(notat.msgId, false))).toEqual({ outcome: 'matched' });
    expect(await outcome(appRec(randomUUID(), true))).toEqual({ outcome: 'unmatched' });

    const list = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/dialogmeldinger`).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: f.id, status: 'OK', avvist: null }),
      expect.objectContaining({ id: notat.id, status: 'AVVIST', avvist: { code: 'E35', text: 'Pasienten er ikke på listen' } }),
    ]);
    const events = await hub.as(c.veileder).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(
      events.body.events.filter((e: { type: string }) => e.type === 'dialogmelding.status_changed').map((e: { data: unknown }) => e.data),
    ).toEqual([
      { dialogmeldingId: f.id, threadId: t, from: 'SENDT', to: 'OK', errorCode: null },
      { dialogmeldingId: notat.id, threadId: t, from: 'SENDT', to: 'AVVIST', errorCode: 'E35' },
    ]);
    const legeEvents = await hub.as(c.fastlege).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(legeEvents.body.events.map((e: { type: string }) => e.type)).not.toContain('dialogmelding.status_changed');
  });

  it('refuses what it cannot trust with an AppRec avvist saying why, and stores nothing', async () => {
    const c = await caseWithFourParties(hub);
    const { f } = await foresporsel(c);
    const badDigits = `${c.fnr.slice(0, 10)}${(Number(c.fnr[10]) + 1) % 10}`;
    const otherPatient = await caseWithFourParties(hub);
    const cases: [string, string | Buffer, string, RegExp][] = [
      [
        'malformed',
        '<?xml version="1.0"?><MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo></MsgHead>',
        'T01',
        /velformet|well-formed/,
      ],
      ['unknown patient', fromLege(syntheticFnr(), henvendelseBody('x')), 'E35', /Pasienten finnes ikke/],
      ['bad control digits', fromLege(badDigits, henvendelseBody('x')), 'E31', /kontrollsiffer/],
      ['unknown receiver', fromLege(c.fnr, henvendelseBody('x'), { receiverHerId: '12345' }), 'E21', /Mottakers HER-id/],
      ['unknown sender', fromLege(c.fnr, henvendelseBody('x'), { senderHerId: '555' }), 'E20', /Avsender/],
      ['XXE', fixture('refuse-xxe.xml'), 'T99', /DOCTYPE/],
      ['billion laughs', fixture('refuse-billion-laughs.xml'), 'T99', /DOCTYPE/],
      ['oversized', fromLege(c.fnr, henvendelseBody('x'.repeat(MAX_BYTES))), 'T99', /større enn/],
      [
        'a forespørsel from a lege',
        fromLege(c.fnr, { type: 'DIALOG_FORESPORSEL', typeForesp: { kodeverk: '8129', v: '1' }, sporsmal: 'x', dokIdForesp: 'd' }),
        'T10',
        /DIALOG_FORESPORSEL/,
      ],
      [
        'another patient in the conversation',
        fromLege(otherPatient.fnr, svarBody('x'), { conversationRef: { refToParent: f.msgId, refToConversation: f.msgId } }),
        'X99',
        /samtalen/,
      ],
      ['no patient', fixture('refuse-no-patient.xml'), 'E36', /pasient/i],
    ];
    const before = await counts();
    for (const [what, doc, code, reason] of cases) {
      const res = await postInbound(hub, doc).expect(200);
      expect([what, res.headers['x-apprec-status']]).toEqual([what, 'AVVIST']);
      const apprec = parsedAppRec(res.text, what);
      expect([what, apprec.status, apprec.errors[0]?.v]).toEqual([what, 'AVVIST', code]);
      expect([what, apprec.errors[0]?.ot]).toEqual([what, expect.stringMatching(reason)]);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers 400 to what is not XML at all, and 413 to a document too large to read', async () => {
    await postInbound(hub, 'Hei, dette er ikke XML', GATEWAY_KEY, 'text/xml').expect(400);
    const json = await hub
      .http()
      .post('/dialogmelding/inbound')
      .set('x-dialogmelding-gateway-key', GATEWAY_KEY)
      .send({ msgId: 'x' })
      .expect(400);
    expect(json.body.error).toBe('invalid');
    await postInbound(hub, Buffer.alloc(0), GATEWAY_KEY).expect(400);
    const huge = fromLege(syntheticFnr(), henvendelseBody('x'.repeat(MAX_BYTES * 4)));
    await postInbound(hub, huge).expect(413);
  });

  it("reads what real EPJs send: ISO-8859-1, a SOAP wrapper, ConversationRef without the hub's own ids", async () => {
    const c = await caseWithFourParties(hub);
    const { t, f } = await foresporsel(c);
    const latin1 = buildDialogmelding({
      msgId: randomUUID(),
      genDate: new Date(),
      conversationRef: { refToParent: f.msgId, refToConversation: f.conversationRef },
      sender: { name: 'Legesenteret', herId: LEGE_HER_ID },
      receiver: { name: 'NAV', herId: NAV_HER_ID },
      patient: { fodselsnummer: c.fnr, givenName: 'Åse', familyName: 'Ødegård' },
      body: svarBody('Bedring, men fortsatt smerter i ryggen; ønsker møte.'),
    }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const wrapped = `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>${latin1.replace(/^<\?xml[^>]*>\s*/, '')}</soap:Body></soap:Envelope>`;
    const res = await postInbound(
      hub,
      Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${wrapped}`, 'latin1'),
      GATEWAY_KEY,
      'application/soap+xml; charset=ISO-8859-1',
    ).expect(200);
    expect(res.headers['x-apprec-status']).toBe('OK');
    const list = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/dialogmeldinger`).expect(200);
    expect(list.body[1]).toMatchObject({ kind: 'SVAR', parentId: f.id, tekst: 'Bedring, men fortsatt smerter i ryggen; ønsker møte.' });
  });
});
