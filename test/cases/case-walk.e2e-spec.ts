import { randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import { shortId } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('a whole case, walked through the API', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('lets each party post and read in bilateral and group threads, each seeing only its part', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles plan');
    const legeNav = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Spørsmål til lege');
    const sykLeder = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver], c.sykmeldt, 'Tilrettelegging');

    await send(hub, c, group, c.arbeidsgiver, { tekst: 'Vi kan tilby lettere oppgaver' });
    await send(hub, c, legeNav, c.fastlege, {
      tekst: 'Svar på forespørsel',
      diagnose: [{ system: 'ICPC-2', kode: 'L84', tekst: 'Ryggsyndrom' }],
      medisinskVurdering: 'Bedring forventes',
    });
    await send(hub, c, sykLeder, c.sykmeldt, { tekst: 'Kan jeg jobbe hjemmefra?' });

    const threadsOf = async (who: typeof c.sykmeldt) =>
      (await hub.as(who).get(`/cases/${c.id}/threads`).expect(200)).body.map((t: { subject: string }) => t.subject).sort();
    expect(await threadsOf(c.sykmeldt)).toEqual(['Felles plan', 'Tilrettelegging']);
    expect(await threadsOf(c.arbeidsgiver)).toEqual(['Felles plan', 'Tilrettelegging']);
    expect(await threadsOf(c.fastlege)).toEqual(['Felles plan', 'Spørsmål til lege']);
    expect(await threadsOf(c.veileder)).toEqual(['Felles plan', 'Spørsmål til lege']);

    const veilederReads = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${legeNav}/messages`).expect(200);
    expect(veilederReads.body.messages[0]).toMatchObject({
      tekst: 'Svar på forespørsel',
      senderRole: 'fastlege',
      diagnose: [{ kode: 'L84' }],
      medisinskVurdering: 'Bedring forventes',
    });

    // Not a participant: the thread and its messages do not exist for the arbeidsgiver.
    const hidden = await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${legeNav}/messages`).expect(404);
    const madeUp = await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${randomUUID()}/messages`).expect(404);
    expect(hidden.body).toEqual(madeUp.body);
  });

  it('refuses a thread between the fastlege and the arbeidsgiver without the sykmeldt', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const res = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads`)
      .send({ subject: 'x', participants: [s.fastlege, s.arbeidsgiver, s.veileder] })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'participants', constraint: 'sykmeldtWhenLegeAndLeder' }]);
    const threads = await hub.as(c.veileder).get(`/cases/${c.id}/threads`).expect(200);
    expect(threads.body).toEqual([]);
  });

  it('refuses taking the sykmeldt out of a thread the fastlege and the arbeidsgiver stay in', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const res = await hub.as(c.veileder).delete(`/cases/${c.id}/threads/${group}/participants/${s.sykmeldt}`).expect(400);
    expect(res.body.details).toEqual([{ field: 'participants', constraint: 'sykmeldtWhenLegeAndLeder' }]);
    const kept = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${group}`).expect(200);
    expect(kept.body.participants).toContain(s.sykmeldt);
    // Taking the leader out instead leaves a thread the rule allows.
    await hub.as(c.veileder).delete(`/cases/${c.id}/threads/${group}/participants/${s.arbeidsgiver}`).expect(200);
  });

  it('shows funksjonsevne to the arbeidsgiver only while the sykmeldt consents', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    await send(hub, c, group, c.fastlege, {
      tekst: 'Vurdering',
      funksjonsevne: 'Kan ikke løfte over 10 kg',
      diagnose: [{ system: 'ICD-10', kode: 'M54.5', tekst: 'Lumbago' }],
    });
    const leaderSees = async () =>
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${group}/messages`).expect(200)).body.messages[0];

    expect((await leaderSees()).funksjonsevne).toBeUndefined();
    await hub.as(c.sykmeldt).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
    expect((await leaderSees()).funksjonsevne).toBe('Kan ikke løfte over 10 kg');
    expect(JSON.stringify(await leaderSees())).not.toContain('Lumbago');
    await hub.as(c.sykmeldt).delete(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
    expect((await leaderSees()).funksjonsevne).toBeUndefined();

    // Only the sykmeldt decides; the arbeidsgiver cannot give itself consent.
    await hub.as(c.arbeidsgiver).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(403);
  });

  it('cuts a replaced nærmeste leder off at once and lets the new one carry on in the same threads', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.veileder]);
    await send(hub, c, group, c.arbeidsgiver, { tekst: 'Før bytte' });
    const conflict = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: 'leder-ny', orgnr: c.orgnr })
      .expect(409);
    expect(conflict.body.error).toBe('conflict');
    const next = { role: 'arbeidsgiver' as const, sub: shortId('leder-ny') };
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: next.sub, orgnr: c.orgnr, replace: true })
      .expect(201);

    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}`).expect(404);
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${group}/messages`).expect(404);
    await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/threads/${group}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'Etter bytte' })
      .expect(404);
    expect((await hub.as(c.arbeidsgiver).get('/cases').expect(200)).body).toEqual([]);

    const newLeader = await hub.as(next).get(`/cases/${c.id}/threads/${group}/messages`).expect(200);
    expect(newLeader.body.messages.map((m: { tekst: string }) => m.tekst)).toEqual(['Før bytte']);
    await send(hub, c, group, next, { tekst: 'Ny leder her' });
  });

  it('hands the case to another veileder with the whole history, and records who handed over', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const legeNav = await thread(hub, c, [s.fastlege, s.veileder]);
    await send(hub, c, legeNav, c.veileder, { tekst: 'Hvordan går det?' });
    const next = { role: 'veileder' as const, sub: shortId('Z99') };
    await hub.as(c.veileder).post(`/cases/${c.id}/handover`).send({ toVeilederId: next.sub, notat: 'Venter på svar fra lege' }).expect(201);

    await hub.as(c.veileder).get(`/cases/${c.id}`).expect(404);
    const history = await hub.as(next).get(`/cases/${c.id}/threads/${legeNav}/messages`).expect(200);
    expect(history.body.messages.map((m: { tekst: string }) => m.tekst)).toEqual(['Hvordan går det?']);
    const detail = await hub.as(next).get(`/cases/${c.id}`).expect(200);
    const veiledere = detail.body.relations.filter((r: { role: string }) => r.role === 'veileder');
    expect(veiledere.map((r: { partyId: string; endedAt: string | null }) => [r.partyId, r.endedAt === null])).toEqual([
      [c.veileder.sub, false],
      [next.sub, true],
    ]);
    const events = await hub.as(next).get(`/cases/${c.id}/events?after=0`).expect(200);
    expect(events.body.events.find((e: { type: string }) => e.type === 'case.handover').data).toEqual({
      fromId: c.veileder.sub,
      toId: next.sub,
    });
  });

  it('keeps edits as versions and leaves a tombstone when the author retracts', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.sykmeldt, s.veileder]);
    const sent = await send(hub, c, t, c.sykmeldt, { tekst: 'Første utkast' });
    const base = `/cases/${c.id}/threads/${t}/messages/${sent.body.id}`;
    await hub.as(c.veileder).patch(base).send({ tekst: 'Ikke min' }).expect(403);
    const edited = await hub.as(c.sykmeldt).patch(base).send({ tekst: 'Rettet tekst' }).expect(200);
    expect(edited.body).toMatchObject({ tekst: 'Rettet tekst', version: 2 });
    const versions = await hub.as(c.veileder).get(`${base}/versions`).expect(200);
    expect(versions.body.map((v: { version: number; content: { tekst: string } }) => [v.version, v.content.tekst])).toEqual([
      [1, 'Første utkast'],
      [2, 'Rettet tekst'],
    ]);

    await hub.as(c.sykmeldt).delete(base).expect(200);
    const page = await hub.as(c.veileder).get(`/cases/${c.id}/threads/${t}/messages`).expect(200);
    expect(page.body.messages[0]).toMatchObject({ id: sent.body.id, redacted: true, tekst: '' });
    expect((await hub.as(c.veileder).get(`${base}/versions`).expect(200)).body).toEqual([]);
    await hub.as(c.sykmeldt).patch(base).send({ tekst: 'Igjen' }).expect(409);
  });

  it('pages a thread by cursor, oldest or newest first', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    for (let i = 1; i <= 5; i++) await send(hub, c, t, c.veileder, { tekst: `m${i}` });
    const url = `/cases/${c.id}/threads/${t}/messages`;
    const first = await hub.as(c.sykmeldt).get(`${url}?limit=2`).expect(200);
    const second = await hub.as(c.sykmeldt).get(`${url}?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const third = await hub.as(c.sykmeldt).get(`${url}?limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect([...first.body.messages, ...second.body.messages, ...third.body.messages].map((m: { tekst: string }) => m.tekst)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
    ]);
    expect(third.body.nextCursor).toBeNull();
    const newest = await hub.as(c.sykmeldt).get(`${url}?order=desc&limit=3`).expect(200);
    expect(newest.body.messages.map((m: { tekst: string }) => m.tekst)).toEqual(['m5', 'm4', 'm3']);
  });

  it('stores one message for a repeated clientTxnId and gives back the first result', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const body = { clientTxnId: randomUUID(), tekst: 'Én gang' };
    const url = `/cases/${c.id}/threads/${t}/messages`;
    const [a, b] = await Promise.all([hub.as(c.sykmeldt).post(url).send(body), hub.as(c.sykmeldt).post(url).send(body)]);
    const again = await hub.as(c.sykmeldt).post(url).send(body).expect(200);
    expect(new Set([a.body.id, b.body.id, again.body.id]).size).toBe(1);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(again.body.clientTxnId).toBe(body.clientTxnId);
    const page = await hub.as(c.veileder).get(url).expect(200);
    expect(page.body.messages).toHaveLength(1);
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', seats(c).arbeidsgiver, 'veileder']);
    const url = `/cases/${c.id}/threads/${t}/messages`;
    const tooLong = await hub
      .as(c.sykmeldt)
      .post(url)
      .send({ clientTxnId: randomUUID(), tekst: 'x'.repeat(10_001) })
      .expect(400);
    expect(tooLong.body.details).toEqual([{ field: 'tekst', constraint: 'isLength' }]);
    const badDiag = await hub
      .as(c.veileder)
      .post(url)
      .send({ clientTxnId: randomUUID(), tekst: 'x', diagnose: [{ system: 'SNOMED', kode: 'l', tekst: '' }] })
      .expect(400);
    expect(badDiag.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'diagnose.0.kode',
      'diagnose.0.system',
      'diagnose.0.tekst',
    ]);
    const unknown = await hub.as(c.sykmeldt).post(url).send({ clientTxnId: randomUUID(), tekst: 'x', isAdmin: true }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'isAdmin', constraint: 'whitelistValidation' }]);
    // The arbeidsgiver may not write medical content, and is told which field.
    const leder = await hub
      .as(c.arbeidsgiver)
      .post(url)
      .send({ clientTxnId: randomUUID(), tekst: 'x', diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Rygg' }] })
      .expect(400);
    expect(leder.body.details).toEqual([{ field: 'diagnose', constraint: 'notWritableByRole' }]);
    const badFnr = await hub
      .as(c.veileder)
      .post('/cases')
      .send({ sykmeldtFnr: '01010750161', sykmeldtId: 'x', startDate: '2026-01-01' })
      .expect(400);
    expect(badFnr.body.details).toEqual([{ field: 'sykmeldtFnr', constraint: 'isFodselsnummer' }]);
    expect(JSON.stringify(badFnr.body)).not.toContain('01010750161');
    expect((await hub.as(c.veileder).get(url).expect(200)).body.messages).toEqual([]);
  });
});

describe('search and forgiving clients', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('finds words by their start, requires every word, and ignores query syntax', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    await send(hub, c, t, c.veileder, { tekst: 'Tilrettelegging med hjemmekontor' });
    await send(hub, c, t, c.veileder, { tekst: 'Møte om arbeidstid' });
    const find = async (q: string) =>
      (
        await hub
          .as(c.sykmeldt)
          .get(`/cases/${c.id}/search?q=${encodeURIComponent(q)}`)
          .expect(200)
      ).body.map((h: { message: { tekst: string } }) => h.message.tekst);
    expect(await find('hjemmekont')).toEqual(['Tilrettelegging med hjemmekontor']);
    expect(await find('tilrettelegging hjemme')).toEqual(['Tilrettelegging med hjemmekontor']);
    expect(await find('tilrettelegging arbeidstid')).toEqual([]);
    expect(await find("møte' | ! & (:*")).toEqual(['Møte om arbeidstid']);
    expect((await hub.as(c.sykmeldt).get(`/search?q=arbeidstid`).expect(200)).body.map((h: { caseId: string }) => h.caseId)).toEqual([
      c.id,
    ]);
  });

  it('finds codes and ids whatever the text parser makes of them (signed numbers, exponents, hyphens)', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const tokens = ['DIAGNOSE-12345678', 'DIAGNOSE-0E0A1234', 'VURDERING-1E234567', 'Q0E0A1', 'M54.5', 'ref 3f9a-1b2c'];
    for (const tekst of tokens) await send(hub, c, t, c.veileder, { tekst });
    for (const q of tokens) {
      const hits = (
        await hub
          .as(c.sykmeldt)
          .get(`/cases/${c.id}/search?q=${encodeURIComponent(q)}`)
          .expect(200)
      ).body.map((h: { message: { tekst: string } }) => h.message.tekst);
      expect({ q, found: hits.includes(q) }).toEqual({ q, found: true });
    }
  });

  it('reads a JSON content type with no body as no body', async () => {
    const c = await caseWithFourParties(hub);
    await hub.as(c.sykmeldt).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).set('content-type', 'application/json').expect(200);
    const poisoned = await hub
      .as(c.veileder)
      .post('/cases')
      .set('content-type', 'application/json')
      .send('{"__proto__":{"x":1},"sykmeldtId":"a"}');
    expect(poisoned.status).toBe(400);
  });
});

describe('handover notes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('refuses an overføringsnotat too short to tell the next veileder anything, and changes nothing', async () => {
    const c = await caseWithFourParties(hub);
    const res = await hub.as(c.veileder).post(`/cases/${c.id}/handover`).send({ toVeilederId: 'Z990009', notat: 'ok' }).expect(400);
    expect(res.body.details).toEqual([{ field: 'notat', constraint: 'isLength' }]);
    await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200);
  });
});

describe('input PostgreSQL cannot store', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('refuses NUL characters and out-of-range cursors with 400s naming the field, writing nothing', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['sykmeldt', 'veileder']);
    const url = `/cases/${c.id}/threads/${t}/messages`;
    const nul = await hub.as(c.sykmeldt).post(url).send({ clientTxnId: randomUUID(), tekst: 'før\u0000etter' }).expect(400);
    expect(nul.body.details).toEqual([{ field: 'tekst', constraint: 'noNulCharacter' }]);
    const nested = await hub
      .as(c.veileder)
      .post(url)
      .send({ clientTxnId: randomUUID(), tekst: 'x', diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'a\u0000' }] })
      .expect(400);
    expect(nested.body.details).toEqual([{ field: 'diagnose.0.tekst', constraint: 'noNulCharacter' }]);
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads`)
      .send({ subject: 'a\u0000b', participants: ['sykmeldt', 'veileder'] })
      .expect(400);
    for (const q of [
      `/cases/${c.id}/events?after=100000000000000000000`,
      `/cases/${c.id}/events?after=9223372036854775808`,
      `${url}?cursor=100000000000000000000`,
      `/cases/${c.id}/audit?after=9223372036854775808`,
    ]) {
      const res = await hub.as(c.sykmeldt).get(q).expect(400);
      expect(res.body.details[0].constraint).toBe('max');
    }
    expect((await hub.as(c.veileder).get(url).expect(200)).body.messages).toEqual([]);
    expect((await hub.as(c.veileder).get(`/cases/${c.id}/threads`).expect(200)).body).toHaveLength(1);
  });
});

describe('input the validators cannot be trusted with', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('refuses deep nesting, prototype-named keys and lone surrogates with a 400 naming the field, writing nothing', async () => {
    const c = await caseWithFourParties(hub);
    let deep: unknown = 'x';
    for (let i = 0; i < 3000; i++) deep = [deep];
    const url = `/cases/${c.id}/threads`;
    const cases = [
      [{ subject: deep, participants: ['sykmeldt', 'veileder'] }, 'maxDepth'],
      [{ subject: 'x', participants: ['sykmeldt', 'veileder'], toString: 1 }, 'whitelistValidation'],
      [{ subject: 'x', participants: ['sykmeldt', 'veileder'], prototype: 0 }, 'whitelistValidation'],
      [{ subject: 'a\ud800b', participants: ['sykmeldt', 'veileder'] }, 'wellFormedUnicode'],
    ] as const;
    for (const [body, constraint] of cases) {
      const res = await hub
        .as(c.veileder)
        .post(url)
        .send(body as object)
        .expect(400);
      expect(res.body.details.map((d: { constraint: string }) => d.constraint)).toEqual([constraint]);
    }
    await hub.as(c.veileder).get(`/cases/${c.id}/events?constructor=1`).expect(400);
    expect((await hub.as(c.veileder).get(url).expect(200)).body).toEqual([]);
  });

  it('answers a path Fastify itself refuses in the one error shape, without echoing the URL', async () => {
    const c = await caseWithFourParties(hub);
    const long = 'a'.repeat(150);
    for (const path of [`/cases/${long}`, `/cases/%ZZ`]) {
      const res = await hub.as(c.veileder).get(path);
      expect(res.status).toBeLessThan(500);
      expect(Object.keys(res.body).sort()).toEqual(['error', 'message']);
      expect(res.text).not.toContain(long.slice(0, 20));
    }
  });
});

describe('nested arrays where objects belong', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('refuses attachments or diagnoses that are not objects, storing nothing (found by the socket property)', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, ['fastlege', 'veileder']);
    const url = `/cases/${c.id}/threads/${t}/messages`;
    for (const [field, value] of [
      ['attachments', [[]]],
      ['diagnose', [[[]]]],
      ['attachments', [[], { filename: 'a.pdf', mimeType: 'application/pdf', sizeBytes: 1, classification: 'open' }]],
    ] as const) {
      const res = await hub
        .as(c.fastlege)
        .post(url)
        .send({ clientTxnId: randomUUID(), tekst: 'x', [field]: value })
        .expect(400);
      expect(res.body.details).toContainEqual({ field, constraint: 'isObject' });
    }
    expect((await hub.as(c.veileder).get(url).expect(200)).body.messages).toEqual([]);
  });
});
