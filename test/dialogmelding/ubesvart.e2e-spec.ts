import { randomUUID } from 'node:crypto';
import { buildAppRec } from '@hub/dialogmelding';
import { UbesvartJob } from '../../apps/hub/src/dialogmelding/ubesvart-job';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { dialogUrl, GATEWAY_KEY, LEGE_HER_ID, NAV_HER_ID, parsedMsgHead, postInbound, startDialog } from './dialog-helpers';

describe('a forespørsel nobody answers', () => {
  let hub: TestHub;
  let job: UbesvartJob;
  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' } });
    job = hub.app.get(UbesvartJob);
  });
  afterAll(() => hub.stop());

  it('turns ubesvart after 504 hours, tells the veileder once, and takes one påminnelse in the same conversation', async () => {
    hub.clock.set(new Date('2026-09-01T08:00:00.000Z'));
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).fastlege, seats(c).veileder]);
    const f = (await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'Trenger pasienten tilrettelegging?' })).body;
    const remind = (clientTxnId = randomUUID()) =>
      hub
        .as(c.veileder)
        .post(dialogUrl(c, t, `/${f.id}/paminnelse`))
        .send({ clientTxnId });
    const view = async () =>
      (
        await hub
          .as(c.veileder)
          .get(dialogUrl(c, t, `/${f.id}`))
          .expect(200)
      ).body;
    const ubesvartEvents = async (who: typeof c.veileder) =>
      (await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events.filter(
        (e: { type: string }) => e.type === 'dialogmelding.ubesvart',
      );

    hub.clock.advanceHours(503);
    await job.runOnce();
    expect(await view()).toMatchObject({ ubesvart: false, ubesvartAt: null });
    expect(await ubesvartEvents(c.veileder)).toEqual([]);
    const early = await remind().expect(409);
    expect(early.body.message).toMatch(/not ubesvart/);

    hub.clock.advanceHours(1);
    await job.runOnce();
    expect(await view()).toMatchObject({ ubesvart: true, ubesvartAt: '2026-09-22T08:00:00.000Z' });
    await job.runOnce();
    expect((await ubesvartEvents(c.veileder)).map((e: { data: unknown }) => e.data)).toEqual([{ dialogmeldingId: f.id, threadId: t }]);
    expect(await ubesvartEvents(c.fastlege)).toEqual([]);

    // One action: the påminnelse goes out in the forespørsel's conversation, to the outbox and into the thread.
    const clientTxnId = randomUUID();
    const p = (await remind(clientTxnId).expect(201)).body;
    expect(p).toMatchObject({
      kind: 'PAMINNELSE',
      kodeverk: '8129',
      kode: '2',
      status: 'SENDT',
      parentId: f.id,
      parentRef: f.msgId,
      conversationRef: f.msgId,
    });
    expect(p.tekst).toMatch(/Påminnelse.*2026-09-01/);
    expect((await remind(clientTxnId).expect(200)).body.id).toBe(p.id);
    const twice = await remind().expect(409);
    expect(twice.body.message).toMatch(/already/);
    expect(await view()).toMatchObject({ paminnelseSentAt: '2026-09-22T08:00:00.000Z' });

    const doc = parsedMsgHead(
      (
        await hub
          .as(c.veileder)
          .get(dialogUrl(c, t, `/${p.id}/xml`))
          .expect(200)
      ).text,
    );
    expect(doc).toMatchObject({ type: 'DIALOG_FORESPORSEL', conversationRef: { refToConversation: f.msgId, refToParent: f.msgId } });
    expect(doc.body?.foresporsler[0].typeForesp).toMatchObject({
      v: '2',
      s: '2.16.578.1.12.4.1.1.8129',
      dn: 'Påminnelse forespørsel om pasient',
    });
    const outbox = await hub.http().get('/dialogmelding/outbox?limit=500').set('x-dialogmelding-gateway-key', GATEWAY_KEY).expect(200);
    expect(outbox.body.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([f.id, p.id]));
    const legeThread = await hub.as(c.fastlege).get(`/cases/${c.id}/threads/${t}/messages`).expect(200);
    expect(legeThread.body.messages.map((m: { tekst: string }) => m.tekst)).toEqual([
      'Forespørsel om pasient',
      'Påminnelse forespørsel om pasient',
    ]);

    // The fastlege answers the påminnelse; that answers the forespørsel, which stops being ubesvart.
    await hub
      .as(c.fastlege)
      .post(dialogUrl(c, t, `/${p.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'Ja, redusert arbeidstid.' })
      .expect(201);
    expect(await view()).toMatchObject({ ubesvart: false, besvartAt: '2026-09-22T08:00:00.000Z' });
  });

  it('does not count a refused forespørsel, nor one answered in time', async () => {
    hub.clock.set(new Date('2026-10-01T08:00:00.000Z'));
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).fastlege, seats(c).veileder]);
    const answered = (await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'Spørsmål 1' })).body;
    const refused = (await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'Spørsmål 2' })).body;
    await hub
      .as(c.fastlege)
      .post(dialogUrl(c, t, `/${answered.id}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'Svar' })
      .expect(201);
    const avvist = buildAppRec({
      id: randomUUID(),
      genDate: hub.clock.now(),
      sender: { name: 'Legesenteret', herId: LEGE_HER_ID },
      receiver: { name: 'NAV', herId: NAV_HER_ID },
      original: { id: refused.msgId, msgType: 'DIALOG_FORESPORSEL', issueDate: '2026-10-01' },
      status: 'AVVIST',
      errors: [{ code: 'E21' }],
    });
    await postInbound(hub, avvist).expect(202);
    hub.clock.advanceDays(30);
    await job.runOnce();
    const list = (await hub.as(c.veileder).get(dialogUrl(c, t)).expect(200)).body;
    expect(
      list
        .filter((d: { kind: string }) => d.kind === 'FORESPORSEL')
        .map((d: { ubesvart: boolean; ubesvartAt: string | null }) => [d.ubesvart, d.ubesvartAt]),
    ).toEqual([
      [false, null],
      [false, null],
    ]);
    await hub
      .as(c.veileder)
      .post(dialogUrl(c, t, `/${refused.id}/paminnelse`))
      .send({ clientTxnId: randomUUID() })
      .expect(409);
  });
});
