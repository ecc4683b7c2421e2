import { randomUUID } from 'node:crypto';
import { caseWithFourParties } from '../factories/make';
import { connectAs } from '../support/socket';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

type Line = Record<string, unknown> & {
  req?: { id?: string; method?: string; route?: string; query?: string; url?: string };
  res?: { statusCode?: number | null };
};

const OPERATOR_KEY = 'operator-key-0123456789abcdef';

describe('the access log', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ logs: true, env: { OPERATOR_API_KEY: OPERATOR_KEY } });
  });
  afterAll(() => hub.stop());

  const accessLine = (correlation: string) =>
    hub.untilLog((l) => (l as Line).req?.id === correlation && (l as Line).res !== undefined) as Promise<Line>;

  it('names the route pattern and the query keys, never a searched fødselsnummer, a token or a key', async () => {
    const veileder = { role: 'veileder' as const, sub: 'Z990001' };
    const search = randomUUID();
    await hub.as(veileder).get('/search?q=01010750160%20korsryggsmerter').set('x-correlation-id', search).expect(200);
    const token = await hub.token(veileder);
    const tokenInQuery = randomUUID();
    await hub.http().get(`/cases?access_token=${token}`).set('x-correlation-id', tokenInQuery).expect(401);
    const keyInQuery = randomUUID();
    await hub.http().get(`/operator/audit.cef?key=${OPERATOR_KEY}`).set('x-correlation-id', keyInQuery);

    const s = await accessLine(search);
    expect(s.req).toEqual({ id: search, method: 'GET', route: '/search', query: 'q=*' });
    expect(s.res).toEqual({ statusCode: 200 });
    const t = await accessLine(tokenInQuery);
    expect(t.req).toEqual({ id: tokenInQuery, method: 'GET', route: '/cases', query: 'access_token=*' });
    expect(t.res).toEqual({ statusCode: 401 });
    const k = await accessLine(keyInQuery);
    expect(k.req).toMatchObject({ route: '/operator/audit.cef', query: 'key=*' });
    expect(typeof k.res?.statusCode).toBe('number');

    const all = JSON.stringify(hub.logs());
    for (const secret of ['01010750160', '0101', 'korsryggsmerter', token, token.slice(0, 20), OPERATOR_KEY])
      expect(all).not.toContain(secret);
  });

  it('logs the status of a refused or missing route, and ids in the path stay out', async () => {
    const id = 'c0ffee00-1234-4abc-8def-a01234567890';
    const missing = randomUUID();
    await hub.http().get(`/cases/${id}`).set('x-correlation-id', missing).expect(401);
    const nowhere = randomUUID();
    await hub.http().get(`/no/such/${id}`).set('x-correlation-id', nowhere).expect(404);
    expect((await accessLine(missing)).res).toEqual({ statusCode: 401 });
    expect((await accessLine(missing)).req?.route).toBe('/cases/:caseId');
    expect(await accessLine(nowhere)).toMatchObject({ req: { route: 'unmatched' }, res: { statusCode: 404 } });
    expect(JSON.stringify(hub.logs())).not.toContain(id);
  });

  it('logs a subscription to a case the caller may not see as an expected denial: not an error, no stack', async () => {
    const c = await caseWithFourParties(hub);
    const stranger = await connectAs(hub, { role: 'sykmeldt', sub: 'someone-else' });
    try {
      const ack = await stranger.subscribe(c.id);
      expect(ack.ok).toBe(false);
      const line = await hub.untilLog((l) => typeof l.msg === 'string' && l.msg.startsWith(`Case ${c.id}`));
      expect(line.msg).toBe(`Case ${c.id}: not_found`);
      expect(line.level).toBeLessThanOrEqual(30);
      expect(JSON.stringify(line)).not.toMatch(/\n\s+at |stack/);
      expect(hub.logs().filter((l) => (l.level as number) >= 50)).toEqual([]);
    } finally {
      stranger.socket.disconnect();
    }
  });
});
