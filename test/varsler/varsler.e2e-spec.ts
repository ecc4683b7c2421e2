import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import { TimelineReminderJob } from '../../apps/hub/src/followup/timeline/timeline-reminder-job';
import { VarselDispatcher } from '../../apps/hub/src/varsler/varsel-dispatcher';
import { signVarselBody } from '../../apps/hub/src/varsler/varsel-channels';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { MailServer } from './mail-server';

const OPERATOR = 'operator-key-for-varsel-tests-0123';
const SECRET = 'webhook-secret-for-varsel-tests-0123456789';
const epost = (a: Actor) => `${a.sub}@example.no`;

/** Every party of the case chooses e-mail. */
async function allByMail(hub: TestHub, c: FourPartyCase): Promise<void> {
  for (const a of [c.sykmeldt, c.arbeidsgiver, c.fastlege, c.veileder]) {
    await hub
      .as(a)
      .put('/me/varsel-innstillinger')
      .send({ epost: epost(a), kanaler: ['epost'] })
      .expect(200);
  }
}

const dispatch = (hub: TestHub) => hub.app.get(VarselDispatcher).runOnce();
/** Past the 15-minute window. */
const pastWindow = (...hubs: TestHub[]) => {
  const to = new Date(hubs[0].clock.now().getTime() + 16 * 60_000);
  for (const h of hubs) h.clock.set(to);
};

describe('varsler by e-mail', () => {
  const mail = new MailServer();
  let hub: TestHub;
  beforeAll(async () => {
    const smtp = await mail.start();
    hub = await startHub({
      env: {
        VARSEL_SMTP_URL: smtp,
        VARSEL_JOB_INTERVAL_SECONDS: '0',
        VARSEL_MAX_ATTEMPTS: '3',
        OPERATOR_API_KEY: OPERATOR,
        VARSEL_PAGE_URL: 'https://hub.example/app/',
      },
    });
  });
  afterAll(async () => {
    await hub.stop();
    await mail.stop();
  });

  it('sends each person one mail per case and window, naming how many things wait, and none to the one who acted', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    await send(hub, c, t, c.veileder, { tekst: 'Første' });
    await send(hub, c, t, c.veileder, { tekst: 'Andre' });
    await send(hub, c, t, c.fastlege, { tekst: 'Tredje' });

    await dispatch(hub);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(0); // the window is still open
    expect((await hub.as(c.sykmeldt).get('/me/varsler').expect(200)).body).toEqual({ antall: 3, saker: [{ caseId: c.id, antall: 3 }] });

    pastWindow(hub);
    await dispatch(hub);
    await dispatch(hub);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(1);
    expect(mail.to(epost(c.sykmeldt))[0].text).toContain('Du har 3 nye ting som venter på deg i din sykefraværsoppfølging');
    expect(mail.to(epost(c.sykmeldt))[0].text).toContain(`https://hub.example/app/#/cases/${c.id}`);
    expect(mail.to(epost(c.arbeidsgiver))).toHaveLength(1);
    expect(mail.to(epost(c.fastlege))[0].text).toContain('Du har 2 nye ting');
    expect(mail.to(epost(c.veileder))[0].text).toContain('Du har en ny melding i en sykefraværsoppfølging du deltar i');
  });

  it('gives every cause its own text: a forespørsel, a plan to approve, a task', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const s = seats(c);
    const t = await thread(hub, c, [s.fastlege, s.veileder]);
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads/${t}/dialogmeldinger`)
      .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'Hvordan går det?' })
      .expect(201);
    await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/oppfolgingsplaner`)
      .send({
        arbeidsoppgaver: 'Kundebehandling',
        tilrettelegging: 'Kortere dager',
        oppfolging: 'Samtale',
        evalueringsdato: new Date(hub.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(201);
    const track = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body as {
      id: string;
    };
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${track.id}/tasks`)
      .send({ tittel: 'Avklare oppgaver', eier: s.arbeidsgiver, frist: '2026-12-01T00:00:00.000Z' })
      .expect(201);
    pastWindow(hub);
    await dispatch(hub);
    expect(mail.to(epost(c.fastlege)).map((m) => m.text)).toEqual([expect.stringContaining('Du har en ny forespørsel fra NAV')]);
    expect(mail.to(epost(c.sykmeldt)).map((m) => m.text)).toEqual([expect.stringContaining('Du har en oppfølgingsplan som venter på deg')]);
    expect(mail.to(epost(c.arbeidsgiver)).map((m) => m.text)).toEqual([expect.stringContaining('Du har en ny oppgave')]);
    expect(mail.to(epost(c.veileder))).toHaveLength(0);
  });

  /** The text of each mail each party got since `from` (an index into the mails), by role. */
  const mailsSince = (c: FourPartyCase, from: number) => {
    const of = (a: Actor) =>
      mail.mails
        .slice(from)
        .filter((m) => m.to.includes(epost(a)))
        .map((m) => m.text);
    return { sykmeldt: of(c.sykmeldt), arbeidsgiver: of(c.arbeidsgiver), fastlege: of(c.fastlege), veileder: of(c.veileder) };
  };
  const one = (text: string) => [expect.stringContaining(`Du har ${text} i`)];

  it('tells each deltaker of a DM2 innkalling, a new time and a cancellation once, the convener never, the fastlege through its EPJ only', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const tid = (days: number) => new Date(hub.clock.now().getTime() + days * 86_400_000).toISOString();
    let from = mail.mails.length;
    const mote = (
      await hub
        .as(c.veileder)
        .post(`/cases/${c.id}/dialogmoter`)
        .send({ kind: 'DM2', tid: tid(14), sted: 'NAV Hamar', deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'] })
        .expect(201)
    ).body as { id: string };
    const dialogmeldinger = async () =>
      Number(
        (await hub.query<{ n: string }>(`SELECT count(*) AS n FROM dialogmeldinger WHERE mote_id = $1 AND direction = 'UT'`, [mote.id]))[0]
          .n,
      );
    expect(await dialogmeldinger()).toBe(1); // the innkalling went to the fastlege's EPJ (issue 21)
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({
      sykmeldt: one('en innkalling til dialogmøte'),
      arbeidsgiver: one('en innkalling til dialogmøte'),
      fastlege: [],
      veileder: [],
    });

    from = mail.mails.length;
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/dialogmoter/${mote.id}/nytt-tid-sted`)
      .send({ tid: tid(21), sted: 'NAV Elverum' })
      .expect(200);
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({
      sykmeldt: one('en endring av et dialogmøte'),
      arbeidsgiver: one('en endring av et dialogmøte'),
      fastlege: [],
      veileder: [],
    });

    from = mail.mails.length;
    await hub.as(c.veileder).post(`/cases/${c.id}/dialogmoter/${mote.id}/avlys`).expect(200);
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({
      sykmeldt: one('en avlysning av et dialogmøte'),
      arbeidsgiver: one('en avlysning av et dialogmøte'),
      fastlege: [],
      veileder: [],
    });
    expect(await dialogmeldinger()).toBe(3);
  });

  it('tells the fastlege of a DM1, which reaches no EPJ, like any deltaker', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const from = mail.mails.length;
    await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/dialogmoter`)
      .send({
        kind: 'DM1',
        tid: new Date(hub.clock.now().getTime() + 7 * 86_400_000).toISOString(),
        sted: 'Kontoret',
        deltakere: ['sykmeldt', 'fastlege'],
      })
      .expect(201);
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({
      sykmeldt: one('en innkalling til dialogmøte'),
      arbeidsgiver: [],
      fastlege: one('en innkalling til dialogmøte'),
      veileder: [],
    });
  });

  it('tells the veileder of a møtebehov, and nobody else', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const from = mail.mails.length;
    await hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/motebehov`)
      .send({
        skjemaType: 'MELD_BEHOV',
        harMotebehov: true,
        begrunnelse: 'Trenger et møte',
        onskerSykmelderDeltar: false,
        onskerTolk: false,
      })
      .expect(201);
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({ sykmeldt: [], arbeidsgiver: [], fastlege: [], veileder: one('et svar om behov for dialogmøte') });
  });

  it('asks the sykmeldt and the leder for their møtebehov when the SVAR_BEHOV window opens, and tells the veileder its frist', async () => {
    // A case in its 17th week: the SVAR_BEHOV window (end of week 16 to end of week 26) is open.
    const start = new Date(hub.clock.now().getTime() - 17 * 7 * 86_400_000).toISOString().slice(0, 10);
    const c = await caseWithFourParties(hub, start);
    await allByMail(hub, c);
    // What was due earlier is done, so each party's varsel is about this one thing.
    for (const key of ['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'AKTIVITETSKRAV'])
      await hub.as(c.veileder).post(`/cases/${c.id}/timeline/${key}/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
    hub.clock.set(new Date(hub.clock.now().getTime() + 60_000)); // the reminders come after those marks were seen
    const from = mail.mails.length;
    await hub.app.get(TimelineReminderJob).runOnce();
    // The leder opens the møtebehov page before the window ends: its question is seen, and no mail follows.
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/motebehov`).expect(200);
    pastWindow(hub);
    await dispatch(hub);
    expect(mailsSince(c, from)).toEqual({
      sykmeldt: one('et spørsmål fra NAV om behov for dialogmøte'),
      arbeidsgiver: [],
      fastlege: [],
      veileder: one('en frist i oppfølgingen'),
    });
  });

  it('drops a varsel the person read first, and tells nobody whose relation ended or who left the thread', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const sent = await send(hub, c, t, c.veileder, { tekst: 'Hei alle' });
    await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${t}/read-markers`).send({ upToSeq: sent.body.seq }).expect(200);
    const relations = (await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200)).body.relations as { id: string; role: string }[];
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations/${relations.find((r) => r.role === 'arbeidsgiver')!.id}/end`)
      .send({ reason: 'Sluttet' })
      .expect(200);
    await hub.as(c.veileder).delete(`/cases/${c.id}/threads/${t}/participants/${s.fastlege}`).expect(200);
    expect((await hub.as(c.sykmeldt).get('/me/varsler').expect(200)).body.antall).toBe(0);

    pastWindow(hub);
    await dispatch(hub);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(0);
    expect(mail.to(epost(c.arbeidsgiver))).toHaveLength(0);
    expect(mail.to(epost(c.fastlege))).toHaveLength(0);
  });

  it('delays while the SMTP server is down, never loses or doubles, and dead-letters for the operator to retry', async () => {
    const c = await caseWithFourParties(hub);
    await allByMail(hub, c);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.veileder]);
    await send(hub, c, t, c.veileder, { tekst: 'Hei' });
    mail.down();
    pastWindow(hub);
    await dispatch(hub);
    hub.clock.set(new Date(hub.clock.now().getTime() + 31_000)); // the first backoff
    await dispatch(hub);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(0);
    hub.clock.set(new Date(hub.clock.now().getTime() + 61_000));
    await dispatch(hub); // the third try: dead
    const dead = (await hub.http().get('/operator/varsler/dead').set('x-operator-key', OPERATOR).expect(200)).body as {
      id: string;
      attempts: number;
      lastError: string;
    }[];
    expect(dead).toEqual([expect.objectContaining({ attempts: 3, lastError: expect.stringMatching(/^smtp_/) })]);
    await hub.as(c.veileder).get('/operator/varsler/dead').expect(404);

    mail.up();
    await hub.http().post(`/operator/varsler/dead/${dead[0].id}/retry`).set('x-operator-key', OPERATOR).expect(202);
    await dispatch(hub);
    await dispatch(hub);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(1);
    expect((await hub.http().get('/operator/varsler/dead').set('x-operator-key', OPERATOR).expect(200)).body).toEqual([]);

    // Innsyn shows the sykmeldt that a varsel went to them, and when; metrics count it.
    const innsyn = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as { action: string; at: string }[];
    expect(innsyn.filter((e) => e.action === 'varsel:epost')).toHaveLength(1);
    const metrics = (await hub.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/hub_varsler_dead_total\{kind="melding",channel="epost"\} [1-9]/);
    expect(metrics).toMatch(/hub_varsler_sent_total\{kind="melding",channel="epost"\} [1-9]/);
  });

  it('refuses bad settings naming the field and keeps the old ones', async () => {
    const a: Actor = { role: 'sykmeldt', sub: `syk-${randomUUID().slice(0, 8)}` };
    await hub
      .as(a)
      .put('/me/varsel-innstillinger')
      .send({ epost: 'a@example.no', kanaler: ['epost'] })
      .expect(200);
    const bad = await hub
      .as(a)
      .put('/me/varsel-innstillinger')
      .send({ epost: 'ikke en adresse', kanaler: ['brevdue'] })
      .expect(400);
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['epost', 'kanaler']);
    expect((await hub.as(a).get('/me/varsel-innstillinger').expect(200)).body).toEqual({
      epost: 'a@example.no',
      telefon: null,
      kanaler: ['epost'],
    });
  });
});

describe('varsler on two hub nodes', () => {
  const mail = new MailServer();
  let receiver: Server;
  const hooks: { action: string; status: number }[] = [];
  /** The next webhook call waits for this before it is answered. */
  let webhookGate: Promise<void> | undefined;
  let webhookArrived: (() => void) | undefined;
  let one: TestHub & { databaseName: string };
  let two: TestHub;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const gate = webhookGate;
        webhookGate = undefined;
        webhookArrived?.();
        webhookArrived = undefined;
        void (gate ?? Promise.resolve()).then(() => {
          hooks.push({ action: (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { action: string }).action, status: 204 });
          res.writeHead(204).end();
        });
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const env = {
      VARSEL_SMTP_URL: await mail.start(),
      VARSEL_JOB_INTERVAL_SECONDS: '0',
      VARSEL_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/varsel`,
      VARSEL_WEBHOOK_SECRET: SECRET,
    };
    one = await startHub({ env });
    two = await startHub({ env, databaseName: one.databaseName });
  });
  afterAll(async () => {
    await two.stop();
    await one.stop();
    await mail.stop();
    await new Promise((ok) => receiver.close(ok));
  });

  it('sends each varsel once when both nodes dispatch at the same time', async () => {
    const cases: FourPartyCase[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await caseWithFourParties(i % 2 === 0 ? one : two);
      await allByMail(one, c);
      const s = seats(c);
      const t = await thread(one, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
      await send(i % 2 === 0 ? one : two, c, t, c.veileder, { tekst: 'Hei' });
      cases.push(c);
    }
    await Promise.all([dispatch(one), dispatch(two)]); // plans on both, the window still open
    pastWindow(one, two);
    await Promise.all([dispatch(one), dispatch(two), dispatch(one), dispatch(two)]);
    await Promise.all([dispatch(one), dispatch(two)]);
    const expected = cases.flatMap((c) => [c.sykmeldt, c.arbeidsgiver, c.fastlege].map(epost)).sort();
    expect(mail.mails.flatMap((m) => m.to).sort()).toEqual(expected);
  });

  it('sends each varsel once after the SMTP server was down, with both nodes retrying at the same time', async () => {
    const before = mail.mails.length;
    const c = await caseWithFourParties(one);
    await allByMail(one, c);
    const s = seats(c);
    const t = await thread(one, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    await send(two, c, t, c.veileder, { tekst: 'Hei' });
    mail.down();
    pastWindow(one, two);
    await Promise.all([dispatch(one), dispatch(two)]);
    const tries = await one.query<{ attempts: number; status: string }>(
      `SELECT d.attempts, d.status FROM varsel_deliveries d JOIN varsler v ON v.id = d.varsel_id WHERE v.case_id = $1`,
      [c.id],
    );
    expect(tries).toEqual([1, 2, 3].map(() => ({ attempts: 1, status: 'pending' }))); // one failed try each, not two
    mail.up();
    pastWindow(one, two); // well past the first backoff
    await Promise.all([dispatch(one), dispatch(two), dispatch(one), dispatch(two)]);
    await Promise.all([dispatch(one), dispatch(two)]);
    expect(
      mail.mails
        .slice(before)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([c.sykmeldt, c.arbeidsgiver, c.fastlege].map(epost).sort());
  });

  /** A varsel whose window has ended, to the sykmeldt only, on the given channel; the thread message to read. */
  async function dueVarsel(kanal: 'epost' | 'sms') {
    const c = await caseWithFourParties(one);
    await one
      .as(c.sykmeldt)
      .put('/me/varsel-innstillinger')
      .send({ epost: epost(c.sykmeldt), telefon: '+4791234567', kanaler: [kanal] })
      .expect(200);
    const s = seats(c);
    const t = await thread(one, c, [s.sykmeldt, s.veileder]);
    const sent = await send(one, c, t, c.veileder, { tekst: 'Hei' });
    pastWindow(one, two);
    const read = () => one.as(c.sykmeldt).post(`/cases/${c.id}/threads/${t}/read-markers`).send({ upToSeq: sent.body.seq }).expect(200);
    const state = () =>
      one.query<{ varsel: string; action: string; status: string }>(
        `SELECT v.status AS varsel, d.action, d.status FROM varsel_deliveries d JOIN varsler v ON v.id = d.varsel_id WHERE v.case_id = $1 ORDER BY d.created_at, d.action DESC`,
        [c.id],
      );
    return { c, read, state };
  }

  it('keeps an e-mail read while it was being sent as sent, and counts it in innsyn', async () => {
    const { c, read, state } = await dueVarsel('epost');
    const held = mail.holdNext();
    const sending = dispatch(one);
    await held.arrived; // node one waits for the SMTP server's reply to DATA
    await read();
    await dispatch(two); // node two settles the varsel while node one is still sending
    held.release();
    await sending;
    await Promise.all([dispatch(one), dispatch(two)]);
    expect(mail.to(epost(c.sykmeldt))).toHaveLength(1);
    expect(await state()).toEqual([{ varsel: 'done', action: 'send', status: 'sent' }]); // e-mail cannot be withdrawn
    const innsyn = (await one.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as { action: string }[];
    expect(innsyn.filter((e) => e.action === 'varsel:epost')).toHaveLength(1);
  });

  it('withdraws an SMS read while it was being sent', async () => {
    const { read, state } = await dueVarsel('sms');
    const before = hooks.length;
    let release!: () => void;
    webhookGate = new Promise<void>((ok) => (release = ok));
    const arrived = new Promise<void>((ok) => (webhookArrived = ok));
    const sending = dispatch(one);
    await arrived;
    await read();
    await dispatch(two);
    release();
    await sending;
    await Promise.all([dispatch(one), dispatch(two)]);
    expect(hooks.slice(before).map((h) => h.action)).toEqual(['send', 'done']);
    expect(await state()).toEqual([
      { varsel: 'done', action: 'send', status: 'sent' },
      { varsel: 'done', action: 'done', status: 'sent' },
    ]);
  });
});

describe('varsler by signed webhook', () => {
  let receiver: Server;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let hub: TestHub;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const port = (receiver.address() as AddressInfo).port;
    hub = await startHub({
      env: { VARSEL_WEBHOOK_URL: `http://127.0.0.1:${port}/varsel`, VARSEL_WEBHOOK_SECRET: SECRET, VARSEL_JOB_INTERVAL_SECONDS: '0' },
    });
  });
  afterAll(async () => {
    await hub.stop();
    await new Promise((ok) => receiver.close(ok));
  });

  it('signs each body with HMAC-SHA256, carries an idempotency key, and withdraws the varsel once it is read', async () => {
    const c = await caseWithFourParties(hub);
    await hub
      .as(c.sykmeldt)
      .put('/me/varsel-innstillinger')
      .send({ telefon: '+4791234567', kanaler: ['sms', 'epost'] })
      .expect(200);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.veileder]);
    const sent = await send(hub, c, t, c.veileder, { tekst: 'Hei' });
    pastWindow(hub);
    await dispatch(hub);
    expect(received).toHaveLength(1); // e-mail chosen but not configured: skipped
    const [first] = received;
    expect(first.headers['x-varsel-signature']).toBe(`sha256=${signVarselBody(first.body, SECRET)}`);
    expect(first.headers['x-varsel-signature']).not.toBe(
      `sha256=${signVarselBody(first.body, 'another-secret-of-the-same-length-000000')}`,
    );
    const body = JSON.parse(first.body) as { id: string; action: string; antall: number; mottaker: { telefon: string } };
    expect(first.headers['idempotency-key']).toBe(body.id);
    expect(body).toMatchObject({ action: 'send', antall: 1, mottaker: { telefon: '+4791234567' } });

    await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${t}/read-markers`).send({ upToSeq: sent.body.seq }).expect(200);
    await dispatch(hub);
    expect(received.map((r) => (JSON.parse(r.body) as { action: string }).action)).toEqual(['send', 'done']);
  });

  it('counts a burst in one thread as one thing to store and every message to tell, and settles only when the last is read', async () => {
    const c = await caseWithFourParties(hub);
    for (const a of [c.sykmeldt, c.fastlege])
      await hub
        .as(a)
        .put('/me/varsel-innstillinger')
        .send({ telefon: '+4791234567', kanaler: ['sms'] })
        .expect(200);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.fastlege, s.veileder]);
    const burst: number[] = [];
    for (let i = 1; i <= 6; i++) burst.push(Number((await send(hub, c, t, c.veileder, { tekst: `Melding ${i}` })).body.seq));
    await dispatch(hub);
    const items = await hub.query<{ person_id: string }>(
      `SELECT v.person_id FROM varsel_items i JOIN varsler v ON v.id = i.varsel_id WHERE v.case_id = $1 ORDER BY 1`,
      [c.id],
    );
    expect(items.map((i) => i.person_id)).toEqual([c.fastlege.sub, c.sykmeldt.sub].sort()); // one each, not one per message
    const waiting = async (a: Actor) => ((await hub.as(a).get('/me/varsler').expect(200)).body as { antall: number }).antall;
    expect(await waiting(c.sykmeldt)).toBe(6);
    const read = (a: Actor, upToSeq: number) => hub.as(a).post(`/cases/${c.id}/threads/${t}/read-markers`).send({ upToSeq }).expect(200);
    await read(c.sykmeldt, burst[1]);
    expect(await waiting(c.sykmeldt)).toBe(4);
    await read(c.fastlege, burst[5]); // all read before the window ends: the fastlege's varsel is dropped

    const before = received.length;
    const sent = () =>
      received.slice(before).map((r) => JSON.parse(r.body) as { action: string; antall: number; mottaker: { id: string } });
    pastWindow(hub);
    await dispatch(hub);
    expect(sent().map((b) => [b.mottaker.id, b.action, b.antall])).toEqual([[c.sykmeldt.sub, 'send', 4]]);

    // A message after the window ended is the next window's: the released varsel still waits for the burst's last.
    await send(hub, c, t, c.veileder, { tekst: 'Etter vinduet' });
    await dispatch(hub);
    expect(await waiting(c.sykmeldt)).toBe(5);
    await read(c.sykmeldt, burst[4]);
    await dispatch(hub);
    expect(sent().map((b) => b.action)).toEqual(['send']);
    expect(await waiting(c.sykmeldt)).toBe(2);
    await read(c.sykmeldt, burst[5]);
    await dispatch(hub);
    expect(sent().map((b) => [b.mottaker.id, b.action])).toEqual([
      [c.sykmeldt.sub, 'send'],
      [c.sykmeldt.sub, 'done'],
    ]);
    expect(await waiting(c.sykmeldt)).toBe(1);
  });
});
