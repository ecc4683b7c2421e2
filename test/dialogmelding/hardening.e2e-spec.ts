import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { buildAppRec } from '@hub/dialogmelding';
import { caseWithFourParties, seats, thread } from '../factories/make';
import { shortId, syntheticFnr } from '../factories/ids';
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
  postInbound,
  startDialog,
} from './dialog-helpers';

/** Issue 14: dialogmelding never acknowledges what was not stored. */
describe('the dialogmelding gateway acknowledges only what it stored, and only the receiver answers a message', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => hub.stop());

  const stored = async (msgId: string) =>
    await hub.query<{ tekst: string; case_id: string }>(
      `SELECT tekst, case_id FROM dialogmeldinger WHERE direction = 'INN' AND msg_id = $1 ORDER BY tekst`,
      [msgId],
    );
  const verdict = (xml: string) => {
    const a = parsedAppRec(xml);
    return { status: a.status, code: a.errors[0]?.v, text: a.errors[0]?.ot };
  };

  it('refuses another document under a MsgId the sender used (X99, nothing stored), repeats the AppRec for the same content, even re-encoded', async () => {
    const c = await caseWithFourParties(hub);
    const msgId = randomUUID();
    const doc = fromLege(c.fnr, henvendelseBody('Første henvendelse.'), { msgId });
    const first = await postInbound(hub, doc).expect(200);
    expect(first.headers['x-apprec-status']).toBe('OK');

    const other = await postInbound(hub, fromLege(c.fnr, henvendelseBody('En helt annen henvendelse.'), { msgId })).expect(200);
    expect(other.headers['x-apprec-status']).toBe('AVVIST');
    expect(verdict(other.text)).toEqual({
      status: 'AVVIST',
      code: 'X99',
      text: expect.stringMatching(/MsgId er allerede brukt.*another message/),
    });
    expect((await stored(msgId)).map((r) => r.tekst)).toEqual(['Første henvendelse.']);

    // The same document again, even as ISO-8859-1 and re-indented, is a repeat: the first AppRec, byte for byte.
    expect((await postInbound(hub, doc).expect(200)).text).toBe(first.text);
    const latin1 = Buffer.from(doc.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(/>\s+</g, '><'), 'latin1');
    expect((await postInbound(hub, latin1).expect(200)).text).toBe(first.text);
    expect(await stored(msgId)).toHaveLength(1);
  });

  it('treats a MsgId as unique per sender: another legekontor may use the same one', async () => {
    const c = await caseWithFourParties(hub);
    const fnr = syntheticFnr();
    const opened = await hub
      .as(c.veileder)
      .post('/cases')
      .send({ sykmeldtFnr: fnr, sykmeldtId: shortId('syk'), startDate: '2026-08-03' })
      .expect(201);
    await hub
      .as(c.veileder)
      .post(`/cases/${opened.body.case.id}/relations`)
      .send({ role: 'fastlege', partyId: shortId('lege'), herId: '7000001' })
      .expect(201);
    const msgId = randomUUID();
    await postInbound(hub, fromLege(c.fnr, henvendelseBody('Fra det første kontoret.'), { msgId })).expect(200);
    const res = await postInbound(hub, fromLege(fnr, henvendelseBody('Fra det andre kontoret.'), { msgId, senderHerId: '7000001' })).expect(
      200,
    );
    expect(res.headers['x-apprec-status']).toBe('OK');
    expect((await stored(msgId)).map((r) => r.tekst)).toEqual(['Fra det andre kontoret.', 'Fra det første kontoret.']);
  });

  it('keeps one document per sender and MsgId when two arrive at once: one OK, the other refused; two equal ones get one AppRec', async () => {
    const c = await caseWithFourParties(hub);
    const msgId = randomUUID();
    const answers = await Promise.all(
      ['Samtidig A.', 'Samtidig B.', 'Samtidig C.'].map((t) =>
        postInbound(hub, fromLege(c.fnr, henvendelseBody(t), { msgId })).expect(200),
      ),
    );
    const statuses = answers.map((a) => a.headers['x-apprec-status']).sort();
    expect(statuses).toEqual(['AVVIST', 'AVVIST', 'OK']);
    const okText = answers.find((a) => a.headers['x-apprec-status'] === 'OK')!.text;
    const rows = await stored(msgId);
    expect(rows).toHaveLength(1);

    const same = fromLege(c.fnr, henvendelseBody('Likt to ganger.'), { msgId: randomUUID() });
    const twice = await Promise.all([postInbound(hub, same).expect(200), postInbound(hub, same).expect(200)]);
    expect(twice.map((a) => a.headers['x-apprec-status'])).toEqual(['OK', 'OK']);
    expect(twice[0].text).toBe(twice[1].text);
    expect(okText).toContain(msgId);
  });

  it('answers E21 to a document for another receiver before anything else: a known MsgId, an unknown type', async () => {
    const c = await caseWithFourParties(hub);
    const msgId = randomUUID();
    const doc = fromLege(c.fnr, henvendelseBody('Til NAV.'), { msgId });
    expect((await postInbound(hub, doc).expect(200)).headers['x-apprec-status']).toBe('OK');
    const elsewhere = doc.replace(`<Id>${NAV_HER_ID}</Id>`, '<Id>12345</Id>');
    expect(elsewhere).not.toBe(doc);
    expect(verdict((await postInbound(hub, elsewhere).expect(200)).text)).toMatchObject({ status: 'AVVIST', code: 'E21' });
    const unknownType = fixture('refuse-unknown-type.xml').toString('utf8').replace(`<Id>${NAV_HER_ID}</Id>`, '<Id>12345</Id>');
    expect(verdict((await postInbound(hub, unknownType).expect(200)).text)).toMatchObject({ status: 'AVVIST', code: 'E21' });
    expect(await stored(msgId)).toHaveLength(1);
  });

  it('files a MsgHead wrapped in an outer one without a patient, taking the patient from the head that carries it', async () => {
    const c = await caseWithFourParties(hub);
    const msgId = randomUUID();
    const doc = fixture('nested-msghead-outer-without-patient.xml')
      .toString('utf8')
      .split('01010750160')
      .join(c.fnr)
      .replace('5b3e2f10-6c7d-4e8f-9a0b-1c2d3e4f5a6b', msgId);
    const res = await postInbound(hub, doc).expect(200);
    expect(verdict(res.text)).toEqual({ status: 'OK', code: undefined, text: undefined });
    expect(parsedAppRec(res.text).original.id).toBe(msgId);
    expect(await stored(msgId)).toEqual([{ tekst: 'Henvendelse i innpakket melding; den ytre MsgHead har ingen pasient.', case_id: c.id }]);
  });

  describe('inbound AppRecs', () => {
    const appRec = (originalId: string, from: string, ok: boolean) =>
      buildAppRec({
        id: randomUUID(),
        genDate: new Date(),
        sender: { name: 'Noen', herId: from },
        receiver: { name: 'NAV', herId: NAV_HER_ID },
        original: { id: originalId, msgType: 'DIALOG_FORESPORSEL', issueDate: '2026-09-01' },
        ...(ok ? { status: 'OK' as const } : { status: 'AVVIST' as const, errors: [{ code: 'E35' as const, details: 'Ukjent pasient' }] }),
      });
    const counted = async () => {
      const text = (await hub.http().get('/metrics').expect(200)).text;
      const value = (labels: string) =>
        Number(new RegExp(`^hub_dialogmelding_apprecs_in_total\\{${labels}\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return {
        matched: value('outcome="matched",reason=""'),
        unmatched: value('outcome="unmatched",reason=""'),
        notReceiver: value('outcome="ignored",reason="not-receiver"'),
        malformed: value('outcome="ignored",reason="malformed"'),
      };
    };
    let warn: jest.SpyInstance;
    beforeEach(() => {
      warn = jest.spyOn(Logger.prototype, 'warn');
    });
    afterEach(() => warn.mockRestore());

    it('changes nothing for an AppRec from anyone but the fastlege the message went to, and logs it without a fødselsnummer', async () => {
      const c = await caseWithFourParties(hub);
      const t = await thread(hub, c, [seats(c).fastlege, seats(c).veileder]);
      const f = (await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'Hvordan går det?' })).body;
      const notat = (await startDialog(hub, c, t, c.veileder, { kind: 'NOTAT', kode: '9', tekst: 'Informasjon fra NAV.' })).body;
      const before = await counted();

      for (const [id, from, ok] of [
        [f.msgId, '5550001', true],
        [notat.msgId, NAV_HER_ID, false],
      ] as const) {
        const res = await postInbound(hub, appRec(id, from, ok)).expect(202);
        expect(res.body).toEqual({ outcome: 'ignored', reason: 'not-receiver' });
      }
      const list = (await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/dialogmeldinger`).expect(200)).body;
      expect(list.map((d: { status: string }) => d.status)).toEqual(['SENDT', 'SENDT']);
      const logged = warn.mock.calls.map((args) => String(args[0])).filter((m) => m.includes('AppRec'));
      expect(logged).toHaveLength(2);
      for (const line of logged) expect(line).not.toContain(c.fnr);
      expect(logged.join('\n')).toContain(f.id);

      expect((await postInbound(hub, appRec(f.msgId, LEGE_HER_ID, true)).expect(202)).body).toEqual({ outcome: 'matched' });
      const after = (await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/dialogmeldinger`).expect(200)).body;
      expect(after.map((d: { status: string }) => d.status)).toEqual(['OK', 'SENDT']);
      expect(await counted()).toEqual({ ...before, matched: before.matched + 1, notReceiver: before.notReceiver + 2 });
    });

    it('answers unmatched and malformed AppRecs with 202 and JSON, never with an AppRec, and counts them on /metrics', async () => {
      const before = await counted();
      const unmatched = await postInbound(hub, appRec(randomUUID(), LEGE_HER_ID, true)).expect(202);
      expect(unmatched.body).toEqual({ outcome: 'unmatched' });
      const good = appRec(randomUUID(), LEGE_HER_ID, true);
      const malformed = [
        good.replace(/<OriginalMsgId>[\s\S]*?<\/OriginalMsgId>/, ''),
        good.replace('</Sender>', ''),
        good.replace(/<Status [^>]*\/>/, '<Status V="9"/>'),
      ];
      expect(malformed.every((m) => m !== good)).toBe(true);
      for (const doc of malformed) {
        const res = await postInbound(hub, doc).expect(202);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['x-apprec-status']).toBeUndefined();
        expect(res.body).toEqual({ outcome: 'ignored', reason: 'malformed' });
      }
      expect(await counted()).toEqual({ ...before, unmatched: before.unmatched + 1, malformed: before.malformed + 3 });
    });
  });
});
