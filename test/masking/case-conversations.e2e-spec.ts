import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { pdfBytes, uploaded } from '../factories/files';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';

const OPERATOR_KEY = 'operator-key-for-the-masking-suite-000';

/** A planted diagnosis: a code and texts no other data contains. */
function plant() {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  return {
    kode: `Q${tag.slice(0, 5).replace(/[^0-9A-Z]/g, 'Z')}`,
    tekst: `DIAGNOSE-${tag}`,
    vurdering: `VURDERING-${tag}`,
    fil: `epikrise-${tag}.pdf`,
    tag,
  };
}

function leaks(res: Response, p: ReturnType<typeof plant>): string[] {
  const seen = JSON.stringify({ body: res.body, text: res.text, headers: res.headers });
  return [p.kode, p.tekst, p.vurdering, p.fil, p.tag, '"diagnose"', '"medisinskVurdering"'].filter((needle) => seen.includes(needle));
}

describe('masking: a planted diagnosis never reaches the arbeidsgiver', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let p: ReturnType<typeof plant>;
  let group: string;
  let legeNav: string;
  let messageId: string;
  let legeMessageId: string;

  beforeAll(async () => {
    hub = await startHub({ env: { OPERATOR_API_KEY: OPERATOR_KEY } });
    c = await caseWithFourParties(hub);
    p = plant();
    const s = seats(c);
    group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    legeNav = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Lege og NAV');
    // An open and a medical file on each message (uploaded first, then named by id).
    const files = async (threadId: string) => ({
      attachments: [
        { fileId: await uploaded(hub, c, threadId, c.fastlege, { name: 'plan.pdf', bytes: pdfBytes('plan') }, 'open') },
        { fileId: await uploaded(hub, c, threadId, c.fastlege, { name: p.fil, bytes: pdfBytes(p.tag) }, 'medical') },
      ],
    });
    const medical = { diagnose: [{ system: 'ICPC-2', kode: p.kode, tekst: p.tekst }], medisinskVurdering: p.vurdering };
    messageId = (await send(hub, c, group, c.fastlege, { tekst: 'Status etter kontroll', ...medical, ...(await files(group)) })).body.id;
    legeMessageId = (await send(hub, c, legeNav, c.fastlege, { tekst: 'Til NAV', ...medical, ...(await files(legeNav)) })).body.id;
    // An edit, so versions hold the planted content too.
    await hub
      .as(c.fastlege)
      .patch(`/cases/${c.id}/threads/${group}/messages/${messageId}`)
      .send({ medisinskVurdering: `${p.vurdering} oppdatert` })
      .expect(200);
  });
  afterAll(() => hub.stop());

  it('is absent from every read route the arbeidsgiver can call, found or not found', async () => {
    const ag = hub.as(c.arbeidsgiver);
    const reads = [
      '/cases',
      `/cases/${c.id}`,
      `/cases/${c.id}/threads`,
      `/cases/${c.id}/threads/${group}`,
      `/cases/${c.id}/threads/${group}/messages`,
      `/cases/${c.id}/threads/${group}/messages?order=desc`,
      `/cases/${c.id}/threads/${group}/messages/${messageId}/versions`,
      `/cases/${c.id}/threads/${group}/read-markers`,
      `/cases/${c.id}/threads/${legeNav}`,
      `/cases/${c.id}/threads/${legeNav}/messages`,
      `/cases/${c.id}/threads/${legeNav}/messages/${legeMessageId}/versions`,
      `/cases/${c.id}/events?after=0`,
      `/cases/${c.id}/search?q=${p.tekst}`,
      `/cases/${c.id}/search?q=${p.kode}`,
      `/cases/${c.id}/search?q=${p.vurdering}`,
      `/search?q=${p.tekst}`,
      `/cases/${c.id}/audit`,
    ];
    for (const url of reads) {
      const res = await ag.get(url);
      expect({ url, leaks: leaks(res, p) }).toEqual({ url, leaks: [] });
      expect(res.status).toBeLessThan(500);
    }
    // Search finds nothing and says nothing: no hit, no count.
    expect((await ag.get(`/cases/${c.id}/search?q=${p.tekst}`).expect(200)).body).toEqual([]);
  });

  it("is absent from the arbeidsgiver's write answers and error bodies", async () => {
    const ag = hub.as(c.arbeidsgiver);
    const sent = await ag.post(`/cases/${c.id}/threads/${group}/messages`).send({ clientTxnId: randomUUID(), tekst: 'Takk' });
    const marked = await ag.post(`/cases/${c.id}/threads/${group}/read-markers`).send({ upToSeq: 1 });
    const denied = [
      await ag.patch(`/cases/${c.id}/threads/${group}/messages/${messageId}`).send({ tekst: 'x' }),
      await ag.delete(`/cases/${c.id}/threads/${group}/messages/${messageId}`),
      await ag.post(`/cases/${c.id}/threads/${legeNav}/messages`).send({ clientTxnId: randomUUID(), tekst: 'x' }),
      await ag.post(`/cases/${c.id}/threads`).send({ subject: 'x', participants: ['fastlege', seats(c).arbeidsgiver] }),
      await ag.post(`/cases/${c.id}/relations`).send({ role: 'fastlege', partyId: 'x' }),
      await ag.post(`/cases/${c.id}/handover`).send({ toVeilederId: 'x', notat: 'Overtar saken fra i dag' }),
      await ag.put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`),
      await ag.post(`/cases/${c.id}/threads/${group}/participants`).send({ seat: 'fastlege' }),
      await ag.delete(`/cases/${c.id}/threads/${group}/participants/fastlege`),
      await ag.post('/cases').send({ sykmeldtFnr: c.fnr, sykmeldtId: 'x', startDate: '2026-01-01' }),
    ];
    for (const res of [sent, marked, ...denied]) expect(leaks(res, p)).toEqual([]);
    expect(sent.status).toBe(201);
    expect(denied.map((r) => r.status)).toEqual([403, 403, 404, 400, 403, 403, 403, 409, 403, 403]);
    // Trying to write a diagnose is refused by naming the field the caller sent, and echoes none of its values.
    const own = await ag
      .post(`/cases/${c.id}/threads/${group}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'x', diagnose: [{ system: 'ICPC-2', kode: p.kode, tekst: p.tekst }] });
    expect(own.body).toEqual({
      error: 'invalid',
      message: 'Your role may not write diagnose',
      details: [{ field: 'diagnose', constraint: 'notWritableByRole' }],
    });
  });

  it("is absent from the arbeidsgiver's socket, live and on catch-up", async () => {
    const sock = await connectAs(hub, c.arbeidsgiver);
    try {
      await sock.subscribe(c.id, 0);
      await send(hub, c, group, c.fastlege, {
        tekst: 'Live',
        diagnose: [{ system: 'ICD-10', kode: p.kode, tekst: p.tekst }],
        medisinskVurdering: p.vurdering,
      });
      await sock.until(() => sock.of(c.id).some((e) => e.message?.tekst === 'Live'), 'the live message');
      const seen = JSON.stringify([...sock.of(c.id), ...sock.signals]);
      for (const needle of [p.kode, p.tekst, p.vurdering, p.fil, 'diagnose', 'medisinsk']) expect(seen).not.toContain(needle);
    } finally {
      sock.close();
    }
  });

  it("is absent from the operator's audit export, which masks fødselsnumre", async () => {
    const res = await hub
      .http()
      .get(`/operator/audit.cef?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)
      .set('x-operator-key', OPERATOR_KEY)
      .expect(200);
    expect(leaks(res, p)).toEqual([]);
    expect(res.text).toMatch(/^CEF:0\|NAV\|samhandling-hub\|/m);
    expect(res.text).not.toContain(c.fnr);
    await hub
      .http()
      .get(`/operator/audit.cef?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)
      .set('x-operator-key', 'wrong-key-wrong-key-wrong-key')
      .expect(404);
  });

  it('reaches the parties who should have it: fastlege, veileder and sykmeldt', async () => {
    for (const who of [c.fastlege, c.veileder, c.sykmeldt]) {
      const page = await hub.as(who).get(`/cases/${c.id}/threads/${group}/messages`).expect(200);
      expect(JSON.stringify(page.body)).toContain(p.tekst);
      expect(JSON.stringify(page.body)).toContain(p.fil);
      const hits = await hub.as(who).get(`/cases/${c.id}/search?q=${p.tekst}`).expect(200);
      expect(hits.body.length).toBeGreaterThan(0);
      const events = await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200);
      expect(JSON.stringify(events.body)).toContain(p.vurdering);
    }
    // The sykmeldt is not in the lege–NAV thread; the two of them are.
    await hub.as(c.sykmeldt).get(`/cases/${c.id}/threads/${legeNav}/messages`).expect(404);
    expect(JSON.stringify((await hub.as(c.veileder).get(`/cases/${c.id}/threads/${legeNav}/messages`).expect(200)).body)).toContain(p.kode);
  });

  it('answers probes of hidden and made-up ids with the same 404', async () => {
    const ag = hub.as(c.arbeidsgiver);
    const pairs = [
      [`/cases/${randomUUID()}`, `/cases/${c.id}/threads/${legeNav}`],
      [`/cases/${c.id}/threads/${randomUUID()}/messages`, `/cases/${c.id}/threads/${legeNav}/messages`],
      [
        `/cases/${c.id}/threads/${group}/messages/${randomUUID()}/versions`,
        `/cases/${c.id}/threads/${legeNav}/messages/${legeMessageId}/versions`,
      ],
    ];
    for (const [madeUp, hidden] of pairs) {
      const a = await ag.get(madeUp);
      const b = await ag.get(hidden);
      expect([a.status, b.status]).toEqual([404, 404]);
      expect(a.text).toBe(b.text);
    }
    // Someone with no relation at all gets the same answer for the real case.
    const stranger = await hub.as({ role: 'arbeidsgiver', sub: 'stranger' }).get(`/cases/${c.id}`);
    const missing = await hub.as({ role: 'arbeidsgiver', sub: 'stranger' }).get(`/cases/${randomUUID()}`);
    expect([stranger.status, stranger.text]).toEqual([missing.status, missing.text]);
  });
});
