import type { Browser } from 'playwright-core';
import { shortId, syntheticFnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { buildWeb, describeInBrowser, heldByPage, launchChromium, Traffic } from './support/browser';
import { FakeOidc } from './support/fake-oidc';

describeInBrowser('signing in to the web page with the OIDC provider', () => {
  let hub: TestHub;
  let oidc: FakeOidc;
  let browser: Browser;

  beforeAll(async () => {
    oidc = await FakeOidc.start('samhandling-web');
    const webDir = buildWeb();
    // As in production: no development issuer, tokens only from the provider.
    hub = await startHub({
      env: {
        WEB_DIR: webDir,
        AUTH_DEV_ISSUER: 'false',
        AUTH_JWKS_URL: `${oidc.issuer}/jwks`,
        AUTH_ISSUER: oidc.issuer,
        WEB_OIDC_CLIENT_ID: 'samhandling-web',
      },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await oidc?.close();
  });

  it('serves the page under a strict CSP with only public sign-in settings, and signs in with Authorization Code + PKCE', async () => {
    const page = await hub.http().get('/app/').expect(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${oidc.issuer}`);
    expect(csp).toContain("frame-ancestors 'none'");
    await hub.http().get('/').expect(302).expect('location', '/app/');
    const config = await hub.http().get('/app/config.json').expect(200);
    expect(config.body).toEqual({
      devIssuer: false,
      oidc: { clientId: 'samhandling-web', discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`, scope: 'openid' },
      roleClaim: 'role',
      foresporselDeadlineHours: 504,
    });
    await hub.http().post('/dev-issuer/token').send({ role: 'veileder', sub: 'Z1' }).expect(404);

    // A case for a sykmeldt, arranged with the provider's own tokens.
    const veileder = `Bearer ${await oidc.token({ role: 'veileder', sub: shortId('Z99') })}`;
    const sykmeldt = { role: 'sykmeldt', sub: shortId('syk') };
    const opened = await hub
      .http()
      .post('/cases')
      .set('authorization', veileder)
      .send({ sykmeldtFnr: syntheticFnr(), sykmeldtId: sykmeldt.sub, startDate: '2026-08-03' })
      .expect(201);
    const caseId: string = opened.body.case.id;

    const context = await browser.newContext({ locale: 'nb-NO' });
    const tab = await context.newPage();
    const traffic = new Traffic(tab);
    oidc.nextUser = sykmeldt;
    // A deep link survives the round trip to the provider.
    await tab.goto(`${hub.url}/app/#/cases/${caseId}`);
    await tab.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expect(await tab.getByLabel('Rolle').count()).toBe(0);
    await tab.getByRole('button', { name: 'Logg inn' }).click();
    await tab.getByRole('heading', { level: 1, name: `Sak for ${sykmeldt.sub}` }).waitFor();
    await tab.locator('.link-status[data-status="online"]').waitFor();
    expect(await tab.locator('.top .who').textContent()).toBe(`Sykmeldt · ${sykmeldt.sub}`);
    expect(new URL(tab.url()).search).toBe('');

    // The provider saw a verifier matching the challenge (it refuses otherwise), and the page keeps its token in
    // this tab's sessionStorage only.
    expect(oidc.tokenRequests).toHaveLength(1);
    expect(oidc.tokenRequests[0]).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'samhandling-web',
      redirect_uri: `${hub.url}/app/`,
    });
    expect(oidc.tokenRequests[0].code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const storage = JSON.parse(
      String(await tab.evaluate('JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } })')),
    ) as { session: Record<string, string>; local: Record<string, string> };
    expect(Object.keys(storage.session)).toEqual(['hub.session']);
    expect(storage.local).toEqual({});
    expect(await heldByPage(context, tab)).not.toContain('code_verifier');

    // A forged return (a state the page never sent) signs nobody in.
    const other = await browser.newContext();
    const forged = await other.newPage();
    await forged.goto(`${hub.url}/app/?code=stolen&state=forged`);
    await forged.getByRole('alert').filter({ hasText: 'ukjent state' }).waitFor();
    expect(oidc.tokenRequests).toHaveLength(1);
    expect(traffic.errors).toEqual([]);
    await other.close();
    await context.close();
  }, 90_000);
});
