import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';

const OPERATOR_KEY = 'operator-key-for-the-input-budget-0001';
const GATEWAY_KEY = 'gateway-key-for-the-input-budget-00001';
const NOT_FOUND = { error: 'not_found', message: 'Not found' };

/** Sends only the headers and a few bytes of a long body, and waits for the answer the server gives without the rest. */
function answerBeforeBody(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: 'POST', headers }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (text += c))
        .on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        });
    });
    req.on('error', reject);
    req.write('<MsgHead>');
  });
}

type ErrorBody = { error: string; message: string; details?: { field: string; constraint: string }[] };

/** A refusal that costs little to make and to read: one field named, at most 20 details, a short body, no invented key echoed. */
function expectSmallRefusal(body: ErrorBody, field: string, text: string): void {
  expect(body.error).toBe('invalid');
  expect(body.details!.length).toBeGreaterThan(0);
  expect(body.details!.length).toBeLessThanOrEqual(20);
  expect(body.details!.map((d) => d.field)).toContain(field);
  expect(body.message).toContain(field);
  expect(text.length).toBeLessThan(2_000);
  expect(text).not.toMatch(/unknownKey\d/);
}

const manyKeys = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`unknownKey${i}`, 1]));
const manyQueryKeys = (n: number): string => Array.from({ length: n }, (_, i) => `unknownKey${i}=1`).join('&');

describe('every input is bounded before it is validated', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let threadId: string;
  let path: string;
  const stored = async () =>
    Number((await hub.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE thread_id = $1', [threadId]))[0].n);

  beforeAll(async () => {
    hub = await startHub({ env: { OPERATOR_API_KEY: OPERATOR_KEY, DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY } });
    c = await caseWithFourParties(hub);
    const s = seats(c);
    threadId = await thread(hub, c, [s.sykmeldt, s.fastlege, s.veileder]);
    path = `/cases/${c.id}/threads/${threadId}/messages`;
  });
  afterAll(() => hub.stop());

  it('refuses a wide array over REST with a small 400 naming it, stores nothing, and stays live meanwhile', async () => {
    // 60,000 empty attachments: 180 KB, under the message route's body limit.
    const body = { clientTxnId: randomUUID(), tekst: 'Hei', attachments: Array.from({ length: 60_000 }, () => ({})) };
    const [res, live] = await Promise.all([hub.as(c.sykmeldt).post(path).send(body), hub.http().get('/health/live')]);
    expect(res.status).toBe(400);
    expectSmallRefusal(res.body, 'attachments', res.text);
    expect(res.body.details).toEqual([{ field: 'attachments', constraint: 'maxItems' }]);
    expect(live.status).toBe(200);
    expect(await stored()).toBe(0);
  });

  it('refuses an object with many unknown keys over REST, at the top and nested, without echoing them', async () => {
    const top = await hub
      .as(c.sykmeldt)
      .post(path)
      .send({ clientTxnId: randomUUID(), tekst: 'Hei', ...manyKeys(12_000) });
    expect(top.status).toBe(400);
    expectSmallRefusal(top.body, 'body', top.text);
    const nested = await hub
      .as(c.sykmeldt)
      .post(path)
      .send({ clientTxnId: randomUUID(), tekst: 'Hei', attachments: [manyKeys(12_000)] });
    expect(nested.status).toBe(400);
    expectSmallRefusal(nested.body, 'attachments.0', nested.text);
    // Under the budget, unknown keys are still named, but no more than 20 of them, in the details and in the message.
    const some = await hub
      .as(c.sykmeldt)
      .post(path)
      .send({ clientTxnId: randomUUID(), tekst: 'Hei', ...manyKeys(45) });
    expect(some.status).toBe(400);
    expect(some.body.details).toHaveLength(20);
    expect(some.body.message.match(/unknownKey/g)).toHaveLength(20);
    expect(some.body.message).toContain('and 25 more');
    expect(await stored()).toBe(0);
  });

  it('refuses a wide array and many keys over a socket with a small ack naming the field', async () => {
    const socket = await connectAs(hub, c.sykmeldt);
    try {
      // 15,000 empty attachments: 45 KB, under the socket's packet limit.
      const wide = await socket.request<{ ok: boolean; error: ErrorBody }>('message.send', {
        caseId: c.id,
        threadId,
        clientTxnId: randomUUID(),
        tekst: 'Hei',
        attachments: Array.from({ length: 15_000 }, () => ({})),
      });
      expect(wide.ok).toBe(false);
      expectSmallRefusal(wide.error, 'attachments', JSON.stringify(wide));
      const keys = await socket.request<{ ok: boolean; error: ErrorBody }>('message.send', {
        caseId: c.id,
        threadId,
        clientTxnId: randomUUID(),
        tekst: 'Hei',
        ...manyKeys(3_000),
      });
      expect(keys.ok).toBe(false);
      expectSmallRefusal(keys.error, 'payload', JSON.stringify(keys));
      const subscribe = await socket.request<{ ok: boolean; error: ErrorBody }>('case.subscribe', {
        caseId: c.id,
        after: 0,
        ...manyKeys(3_000),
      });
      expectSmallRefusal(subscribe.error, 'payload', JSON.stringify(subscribe));
    } finally {
      socket.close();
    }
    expect(await stored()).toBe(0);
  });

  it('refuses many query keys with a small 400 naming the query', async () => {
    const res = await hub.as(c.sykmeldt).get(`${path}?${manyQueryKeys(500)}`);
    expect(res.status).toBe(400);
    expectSmallRefusal(res.body, 'query', res.text);
  });

  it('checks the operator and gateway keys before any input: keyless is a bare 404, whatever the query', async () => {
    for (const route of ['/operator/audit.cef', '/dialogmelding/outbox']) {
      const keyless = await hub.http().get(`${route}?${manyQueryKeys(500)}`);
      expect({ route, status: keyless.status, body: keyless.body }).toEqual({ route, status: 404, body: NOT_FOUND });
    }
    const wrongKey = await hub
      .http()
      .get(`/dialogmelding/outbox?${manyQueryKeys(500)}`)
      .set('x-dialogmelding-gateway-key', 'x'.repeat(30));
    expect(wrongKey.body).toEqual(NOT_FOUND);
    const keyless = await hub
      .http()
      .post('/dialogmelding/inbound')
      .set('content-type', 'application/json')
      .send({ ...manyKeys(100) });
    expect({ status: keyless.status, body: keyless.body }).toEqual({ status: 404, body: NOT_FOUND });
    // A keyless XML document is refused on its headers: the answer comes while its 4 MiB body is still unsent.
    expect(
      await answerBeforeBody(hub.url, '/dialogmelding/inbound', {
        'content-type': 'application/xml',
        'content-length': String(4 * 1_048_576),
      }),
    ).toEqual({ status: 404, body: NOT_FOUND });
    // With the key, the same query is refused by the budget, still without an echo.
    const keyed = await hub
      .http()
      .get(`/dialogmelding/outbox?${manyQueryKeys(500)}`)
      .set('x-dialogmelding-gateway-key', GATEWAY_KEY);
    expect(keyed.status).toBe(400);
    expectSmallRefusal(keyed.body, 'query', keyed.text);
  });

  it('refuses a body that is not JSON on a JSON route with 415, and reads XML only on the gateway inbound route', async () => {
    const body = { clientTxnId: randomUUID(), tekst: 'Hei' };
    for (const type of ['application/xml', 'text/xml', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const res = await hub
        .as(c.sykmeldt)
        .post(path)
        .set('content-type', type)
        .send(type.includes('xml') ? '<MsgHead/>' : JSON.stringify(body));
      expect({ type, status: res.status, body: res.body }).toEqual({
        type,
        status: 415,
        body: { error: 'unsupported_media_type', message: expect.any(String) },
      });
    }
    const noType = await hub
      .as(c.sykmeldt)
      .post(path)
      .set('content-type', '')
      .send(Buffer.from(JSON.stringify(body)));
    expect(noType.status).toBe(415);
    // The gateway still takes XML, and still calls a JSON body not XML.
    const xml = await hub
      .http()
      .post('/dialogmelding/inbound')
      .set('x-dialogmelding-gateway-key', GATEWAY_KEY)
      .set('content-type', 'application/xml')
      .send('<x/>');
    expect(xml.status).toBe(200);
    expect(xml.headers['x-apprec-status']).toBe('AVVIST');
    const json = await hub.http().post('/dialogmelding/inbound').set('x-dialogmelding-gateway-key', GATEWAY_KEY).send({ a: 1 });
    expect(json.status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('gives each route a body limit that fits it: 413 beyond it, in the one error shape', async () => {
    // A case is a few fields: 70 KB is past the default limit.
    const tooBig = await hub
      .as(c.veileder)
      .post('/cases')
      .send({ sykmeldtFnr: '1'.repeat(70_000) });
    expect({ status: tooBig.status, body: tooBig.body }).toEqual({
      status: 413,
      body: { error: 'too_large', message: 'Request too large' },
    });
    // A message at its longest (10,000 characters of tekst and of medisinskVurdering, 4 bytes each) fits its own limit...
    const longest = { clientTxnId: randomUUID(), tekst: '😀'.repeat(10_000), medisinskVurdering: '😀'.repeat(10_000) };
    expect(JSON.stringify(longest).length).toBeGreaterThan(hub.config.bodyLimitBytes / 2);
    await hub.as(c.fastlege).post(path).send(longest).expect(201);
    // ...and beyond it the message route answers 413 too.
    const overlong = await hub
      .as(c.fastlege)
      .post(path)
      .send({ clientTxnId: randomUUID(), tekst: 'x'.repeat(hub.config.textBodyLimitBytes) });
    expect({ status: overlong.status, body: overlong.body }).toEqual({
      status: 413,
      body: { error: 'too_large', message: 'Request too large' },
    });
    expect(await stored()).toBe(1);
  });
});

describe('with the development issuer off', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({
      env: {
        NODE_ENV: 'production',
        AUTH_DEV_ISSUER: 'false',
        AUTH_JWKS_URL: 'https://127.0.0.1:9/jwks.json',
        AUTH_ISSUER: 'https://issuer.test',
      },
    });
  });
  afterAll(() => hub.stop());

  it('has no dev-issuer routes: the same 404 as any unknown route, before any validation', async () => {
    const unknown = await hub.http().post('/no-such-route').send({ role: 'veileder', sub: 'Z1' });
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: NOT_FOUND });
    const wide = { role: 'veileder', sub: 'Z1', ...manyKeys(3_000) };
    for (const res of [
      await hub.http().post('/dev-issuer/token').send({ role: 'veileder', sub: 'Z1' }),
      await hub.http().post('/dev-issuer/token').send(wide),
      await hub.http().get('/dev-issuer/.well-known/jwks.json'),
    ]) {
      expect({ status: res.status, text: res.text }).toEqual({ status: 404, text: unknown.text });
    }
  });
});
