import request from 'supertest';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

describe('response headers', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('keeps API answers out of caches and unsniffed, refusals included', async () => {
    for (const res of [
      await hub.as({ role: 'veileder', sub: 'Z990001' }).get('/cases').expect(200),
      await hub.http().get('/cases').expect(401),
      await hub.http().get('/no/such').expect(404),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves /docs under a Content-Security-Policy', async () => {
    const page = await hub.http().get('/docs').expect(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';.*frame-ancestors 'none'/);
    expect(page.text).not.toMatch(/<script>[^<]/);
  });
});

describe('the operations port (OPS_PORT)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { OPS_PORT: '0' } });
  });
  afterAll(() => hub.stop());

  it('serves /metrics and /docs there, and the public port answers them as it answers an unknown route', async () => {
    const unknown = await hub.http().get('/no/such').expect(404);
    for (const path of ['/metrics', '/docs', '/docs/openapi.json']) {
      const res = await hub.http().get(path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 404, body: unknown.body });
    }
    const ops = () => request(hub.opsUrl!);
    expect((await ops().get('/metrics').expect(200)).text).toContain('hub_http_requests_total');
    expect((await ops().get('/docs/openapi.json').expect(200)).body.openapi).toMatch(/^3\./);
    await ops().get('/health/live').expect(200);
    // Nothing of the API on the operations port.
    await ops().get('/cases').expect(404);
  });
});
