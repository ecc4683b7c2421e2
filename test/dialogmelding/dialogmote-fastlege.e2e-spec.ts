import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { InboundDialogmelding, OutboundBody } from '@hub/dialogmelding';
import { buildAppRec } from '@hub/dialogmelding';
import { MoteSvarFristJob } from '../../apps/hub/src/followup/dialogmote/mote-svar-frist.job';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';
import { fromLege, GATEWAY_KEY, LEGE_HER_ID, NAV_HER_ID, parsedAppRec, parsedMsgHead, postInbound } from './dialog-helpers';

interface NamedCase {
  id: string;
  fnr: string;
  orgnr: string;
  sykmeldt: Actor;
  arbeidsgiver: Actor;
  fastlege: Actor;
  veileder: Actor;
}
interface OutboxItem {
  id: string;
  msgId: string;
  kind: string;
  xml: string;
}

/** A case whose veileder gave the sykmeldt's name and the fastlege's legekontor, so the MsgHead can carry them. */
async function namedCase(hub: TestHub): Promise<NamedCase> {
  const veileder: Actor = { role: 'veileder', sub: shortId('Z99') };
  const sykmeldt: Actor = { role: 'sykmeldt', sub: shortId('syk') };
  const arbeidsgiver: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
  const fastlege: Actor = { role: 'fastlege', sub: shortId('lege') };
  const fnr = syntheticFnr();
  const orgnr = syntheticOrgnr();
  const opened = await hub
    .as(veileder)
    .post('/cases')
    .send({ sykmeldtFnr: fnr, sykmeldtId: sykmeldt.sub, startDate: '2026-03-02', sykmeldtFornavn: 'Kari', sykmeldtEtternavn: 'Nordmann' })
    .expect(201);
  const id: string = opened.body.case.id;
  await hub.as(veileder).post(`/cases/${id}/relations`).send({ role: 'arbeidsgiver', partyId: arbeidsgiver.sub, orgnr }).expect(201);
  await hub
    .as(veileder)
    .post(`/cases/${id}/relations`)
    .send({ role: 'fastlege', partyId: fastlege.sub, herId: LEGE_HER_ID, hprNr: '9144889', legekontorNavn: 'Legesenteret Fjordgløtt AS' })
    .expect(201);
  return { id, fnr, orgnr, sykmeldt, arbeidsgiver, fastlege, veileder };
}

function moteSvar(kode: '1' | '2' | '3', tekst: string, innkallingId: string): OutboundBody {
  return {
    type: 'DIALOG_SVAR',
    temaKodet: { kodeverk: '8126', v: kode },
    tekst,
    dokIdNotat: randomUUID(),
    foresporsel: { typeForesp: { kodeverk: '8125', v: '1' }, dokIdForesp: innkallingId },
  };
}

function pdfOf(xml: string): string {
  const b64 = /<Base64Container[^>]*>([^<]*)<\/Base64Container>/.exec(xml)?.[1] ?? '';
  return Buffer.from(b64.replace(/\s/g, ''), 'base64').toString('latin1');
}

describe('dialogmøter reach the fastlege by dialogmelding (issue 21)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({
      env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0', MOTE_SVAR_FRIST_HOURS: '72' },
    });
  });
  afterAll(() => hub.stop());

  const outbox = async (): Promise<OutboxItem[]> =>
    (await hub.http().get('/dialogmelding/outbox?limit=500').set('x-dialogmelding-gateway-key', GATEWAY_KEY).expect(200)).body;
  const take = async (kind: string): Promise<OutboxItem & { doc: InboundDialogmelding }> => {
    const items = (await outbox()).filter((o) => o.kind === kind);
    expect(items).toHaveLength(1);
    await hub.http().post(`/dialogmelding/outbox/${items[0].msgId}/published`).set('x-dialogmelding-gateway-key', GATEWAY_KEY).expect(200);
    return { ...items[0], doc: parsedMsgHead(items[0].xml) };
  };
  const appRecOk = (originalId: string) =>
    buildAppRec({
      id: randomUUID(),
      genDate: new Date(),
      sender: { name: 'Legesenteret Fjordgløtt AS', herId: LEGE_HER_ID },
      receiver: { name: 'NAV', herId: NAV_HER_ID },
      original: { id: originalId, msgType: 'DIALOG_FORESPORSEL', issueDate: '2026-09-01' },
      status: 'OK',
    });

  it('walks a DM2: innkalling out, AppRec in, svar ny tid filed on the møte live, endring out, svar kommer, referat with its PDF', async () => {
    hub.clock.set(new Date('2026-09-01T08:00:00.000Z'));
    const c = await namedCase(hub);
    const veileder: TestSocket = await connectAs(hub, c.veileder);
    expect((await veileder.subscribe(c.id)).ok).toBe(true);

    const mote = (
      await hub
        .as(c.veileder)
        .post(`/cases/${c.id}/dialogmoter`)
        .send({
          kind: 'DM2',
          deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
          tid: '2026-09-20T09:00:00+02:00',
          sted: 'NAV Hamar, møterom 2',
          videoLink: 'https://video.nav.no/dm2',
          maksNyttTidOnsker: 1,
        })
        .expect(201)
    ).body;
    expect(mote.maksNyttTidOnsker).toBe(1);

    // Innkalling: a forespørsel with TypeForesp 8125 kode 1, time, place and video link, named patient and legekontor.
    const innkalling = await take('INNKALLING');
    expect(innkalling.doc).toMatchObject({
      type: 'DIALOG_FORESPORSEL',
      msgId: innkalling.msgId,
      conversationRef: { refToConversation: innkalling.msgId, refToParent: innkalling.msgId },
      patient: { fodselsnummer: c.fnr, givenName: 'Kari', familyName: 'Nordmann' },
      receiver: { name: 'Legesenteret Fjordgløtt AS', herId: LEGE_HER_ID },
    });
    const sporsmal = innkalling.doc.body?.foresporsler[0];
    expect(sporsmal?.typeForesp).toMatchObject({ v: '1', s: '2.16.578.1.12.4.1.1.8125', dn: 'Innkalling dialogmøte 2' });
    expect(sporsmal?.sporsmal).toMatch(/søndag 20\. september 2026 kl\. 09[.:]00/);
    expect(sporsmal?.sporsmal).toContain('NAV Hamar, møterom 2');
    expect(sporsmal?.sporsmal).toContain('https://video.nav.no/dm2');

    // The AppRec OK comes back and is the innkalling's status, as for a forespørsel.
    expect((await postInbound(hub, appRecOk(innkalling.msgId)).expect(202)).body).toEqual({ outcome: 'matched' });
    const [{ thread_id: threadId }] = await hub.query<{ thread_id: string }>(`SELECT thread_id FROM dialogmeldinger WHERE id = $1`, [
      innkalling.id,
    ]);
    const inThread = (await hub.as(c.veileder).get(`/cases/${c.id}/threads/${threadId}/dialogmeldinger`).expect(200)).body;
    expect(inThread).toEqual([
      expect.objectContaining({ id: innkalling.id, kind: 'INNKALLING', kodeverk: '8125', kode: '1', status: 'OK' }),
    ]);

    // Svar "ny tid" from the EPJ, by RefToParent: filed on the møte as the fastlege's svar; the convener hears it at once.
    const nyTid = await postInbound(
      hub,
      fromLege(c.fnr, moteSvar('2', 'Passer bedre etter kl 13 samme uke', innkalling.id), {
        conversationRef: { refToParent: innkalling.msgId, refToConversation: innkalling.msgId },
      }),
    ).expect(200);
    expect(nyTid.headers['x-apprec-status']).toBe('OK');
    const pushed = await veileder.until(
      () => veileder.of(c.id).find((e) => e.type === 'dialogmote.svar'),
      'the svar on the veileder socket',
    );
    expect(pushed.data).toEqual({ moteId: mote.id, role: 'fastlege', svar: 'NYTT_TID_STED' });
    const seen = (await hub.as(c.veileder).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body;
    expect(seen.svar).toEqual([
      expect.objectContaining({ role: 'fastlege', type: 'NYTT_TID_STED', onske: 'Passer bedre etter kl 13 samme uke' }),
    ]);
    expect(seen.nyttTidOnsker).toEqual({ fastlege: 1 });
    const svarInThread = (await hub.as(c.veileder).get(`/cases/${c.id}/threads/${threadId}/dialogmeldinger`).expect(200)).body;
    expect(svarInThread.map((d: { kind: string }) => d.kind).sort()).toEqual(['INNKALLING', 'MOTESVAR']);

    // The limit: one request for a new time; a second is refused with a reason, and the page tells the fastlege so.
    const again = await postInbound(
      hub,
      fromLege(c.fnr, moteSvar('2', 'Enda en gang', innkalling.id), {
        conversationRef: { refToParent: innkalling.msgId, refToConversation: innkalling.msgId },
      }),
    ).expect(200);
    expect(again.headers['x-apprec-status']).toBe('AVVIST');
    expect(parsedAppRec(again.text).errors[0]).toMatchObject({ v: 'X99', ot: expect.stringMatching(/NAV bestemmer tidspunktet/) });
    const legeView = (await hub.as(c.fastlege).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body;
    expect(legeView).toMatchObject({ maksNyttTidOnsker: 1, nyttTidOnsker: { fastlege: 1 } });
    expect(legeView.fastlegeUbesvartAt).toBeUndefined();
    const page = await hub
      .as(c.fastlege)
      .post(`/cases/${c.id}/dialogmoter/${mote.id}/svar`)
      .send({ svar: 'NYTT_TID_STED', onske: 'Fredag' })
      .expect(409);
    expect(page.body.message).toMatch(/convener decides/);

    // Endring: 8125 kode 2 in the same conversation, pointing at the innkalling.
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/dialogmoter/${mote.id}/nytt-tid-sted`)
      .send({ tid: '2026-09-23T13:00:00+02:00', sted: 'NAV Hamar, møterom 2' })
      .expect(200);
    const endring = await take('INNKALLING');
    expect(endring.doc.conversationRef).toEqual({ refToConversation: innkalling.msgId, refToParent: innkalling.msgId });
    expect(endring.doc.body?.foresporsler[0].typeForesp).toMatchObject({ v: '2', dn: 'Endring dialogmøte 2' });
    expect(endring.doc.body?.foresporsler[0].sporsmal).toMatch(/23\. september 2026 kl\. 13[.:]00/);

    // Svar "kommer" by ConversationRef to the endring.
    const kommer = await postInbound(
      hub,
      fromLege(c.fnr, moteSvar('1', '', endring.id), {
        conversationRef: { refToParent: endring.msgId, refToConversation: innkalling.msgId },
      }),
    ).expect(200);
    expect(kommer.headers['x-apprec-status']).toBe('OK');
    const afterKommer = (await hub.as(c.veileder).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body;
    expect(afterKommer.svar).toEqual([expect.objectContaining({ role: 'fastlege', type: 'KOMMER' })]);

    // Referat: a notat (8127 kode 9) with the fastlege's part as a PDF; the employer's and the sykmeldt's parts stay out.
    hub.clock.set(new Date('2026-09-23T12:00:00.000Z'));
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/dialogmoter/${mote.id}/ferdigstill`)
      .send({
        situasjon: 'Gradvis tilbake i arbeid',
        konklusjon: 'Økt stilling fra oktober',
        behandlerOppgave: 'Vurdér gradert sykmelding (50 %)',
        arbeidsgiverOppgave: 'AG-OPPGAVE-ONLY',
        arbeidstakerOppgave: 'AT-OPPGAVE-ONLY',
      })
      .expect(200);
    const referat = await take('NOTAT');
    expect(referat.doc.type).toBe('DIALOG_NOTAT');
    expect(referat.doc.conversationRef).toEqual({ refToConversation: innkalling.msgId, refToParent: endring.msgId });
    expect(referat.doc.body?.notater[0].temaKodet).toMatchObject({ v: '9', s: '2.16.578.1.12.4.1.1.8127' });
    expect(referat.doc.attachments).toEqual([
      expect.objectContaining({ mimeType: 'application/pdf', description: 'Referat fra dialogmøte' }),
    ]);
    expect(referat.xml).toContain('<MimeType>application/pdf</MimeType>');
    const pdf = pdfOf(referat.xml);
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf).toContain('(Vurd\\351r gradert sykmelding \\(50 %\\)) Tj');
    expect(pdf).toContain('\\330kt stilling fra oktober');
    for (const text of [referat.xml, pdf]) {
      expect(text).not.toContain('AG-OPPGAVE-ONLY');
      expect(text).not.toContain('AT-OPPGAVE-ONLY');
    }
    veileder.close();
  });

  it('marks an unanswered innkalling for the convener, sends the avlysning, and refuses a svar to the cancelled møte with a reason', async () => {
    hub.clock.set(new Date('2026-10-01T08:00:00.000Z'));
    const c = await namedCase(hub);
    const mote = (
      await hub
        .as(c.veileder)
        .post(`/cases/${c.id}/dialogmoter`)
        .send({
          kind: 'DM3',
          deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
          tid: '2026-10-10T09:00:00+02:00',
          sted: 'NAV Hamar',
        })
        .expect(201)
    ).body;
    const innkalling = (await outbox()).find((o) => o.kind === 'INNKALLING' && parsedMsgHead(o.xml).patient.fodselsnummer === c.fnr)!;
    expect(parsedMsgHead(innkalling.xml).body?.foresporsler[0].typeForesp).toMatchObject({ v: '3', dn: 'Innkalling dialogmøte 3' });

    const job = hub.app.get(MoteSvarFristJob);
    const view = async (who: Actor) => (await hub.as(who).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body;
    const events = async (who: Actor) =>
      (await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events as { type: string; data: unknown }[];
    hub.clock.set(new Date('2026-10-07T06:59:00.000Z')); // 72 h and a minute before the møte
    await job.runOnce();
    expect((await view(c.veileder)).fastlegeUbesvartAt).toBeNull();
    hub.clock.set(new Date('2026-10-07T07:00:00.000Z'));
    await job.runOnce();
    await job.runOnce();
    expect((await view(c.veileder)).fastlegeUbesvartAt).toBe('2026-10-07T07:00:00.000Z');
    expect((await events(c.veileder)).filter((e) => e.type === 'dialogmote.fastlege_ubesvart').map((e) => e.data)).toEqual([
      { moteId: mote.id },
    ]);
    expect((await events(c.arbeidsgiver)).some((e) => e.type === 'dialogmote.fastlege_ubesvart')).toBe(false);
    expect((await view(c.arbeidsgiver)).fastlegeUbesvartAt).toBeUndefined();

    await hub.as(c.veileder).post(`/cases/${c.id}/dialogmoter/${mote.id}/avlys`).expect(200);
    const avlysning = (await outbox()).find(
      (o) => o.kind === 'NOTAT' && parsedMsgHead(o.xml).conversationRef?.refToConversation === innkalling.msgId,
    )!;
    expect(parsedMsgHead(avlysning.xml).body?.notater[0].temaKodet).toMatchObject({
      v: '4',
      s: '2.16.578.1.12.4.1.1.8127',
      dn: 'Avlysning dialogmøte',
    });

    const late = await postInbound(
      hub,
      fromLege(c.fnr, moteSvar('1', 'Jeg kommer', innkalling.id), {
        conversationRef: { refToParent: innkalling.msgId, refToConversation: innkalling.msgId },
      }),
    ).expect(200);
    expect(late.headers['x-apprec-status']).toBe('AVVIST');
    expect(parsedAppRec(late.text).errors[0]).toMatchObject({ v: 'X99', ot: expect.stringMatching(/avlyst/) });
    expect((await view(c.veileder)).svar).toEqual([]);
    const stored = await hub.query(`SELECT 1 FROM dialogmeldinger WHERE case_id = $1 AND direction = 'INN'`, [c.id]);
    expect(stored).toEqual([]);
  });
});
