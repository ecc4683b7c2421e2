import { ConfigError, loadConfig } from '../../apps/hub/src/config/config';

const provider = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example/realms/nav' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/hub');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable} ${p.problem}`);
    throw e;
  }
  return [];
};

describe('the web client settings', () => {
  it('serves dist/web and offers only the development sign-in by default', () => {
    const c = loadConfig({}, '/srv/hub');
    expect(c.web).toEqual({ dir: '/srv/hub/dist/web', oidc: undefined });
  });

  it('derives the discovery document from the issuer, or takes the one given', () => {
    expect(loadConfig({ ...provider, WEB_OIDC_CLIENT_ID: 'samhandling-web' }, '/srv/hub').web.oidc).toEqual({
      clientId: 'samhandling-web',
      discoveryUrl: 'https://idp.example/realms/nav/.well-known/openid-configuration',
      scope: 'openid',
    });
    const own = loadConfig(
      { ...provider, WEB_OIDC_CLIENT_ID: 'web', WEB_OIDC_DISCOVERY_URL: 'https://login.example/oidc', WEB_OIDC_SCOPE: 'openid hub' },
      '/srv/hub',
    );
    expect(own.web.oidc).toEqual({ clientId: 'web', discoveryUrl: 'https://login.example/oidc', scope: 'openid hub' });
  });

  it('names each bad web setting', () => {
    expect(problems({ WEB_OIDC_CLIENT_ID: 'web' })).toEqual([
      'WEB_OIDC_CLIENT_ID needs AUTH_JWKS_URL and AUTH_ISSUER of the provider the page signs in with',
      'WEB_OIDC_DISCOVERY_URL is required when AUTH_ISSUER is not a URL',
    ]);
    expect(problems({ ...provider, WEB_OIDC_CLIENT_ID: 'a b', WEB_OIDC_DISCOVERY_URL: 'ftp://x', WEB_OIDC_SCOPE: 'openid "x"' })).toEqual([
      'WEB_OIDC_DISCOVERY_URL must be a URL starting with https:// or http://',
      'WEB_OIDC_SCOPE must be up to 20 space-separated scope names',
      'WEB_OIDC_CLIENT_ID must be 1 to 200 letters, digits or . _ : @ / -',
    ]);
  });
});
