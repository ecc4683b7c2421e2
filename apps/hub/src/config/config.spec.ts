import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with no configuration on the embedded database and the development issuer', () => {
    const c = loadConfig({}, '/srv/hub');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.embeddedPg.dataDir).toBe('/srv/hub/.data/postgres');
    expect(c.auth.devIssuer).toBe(true);
    expect(c.port).toBe(3000);
  });

  it('names every variable at fault', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', AUTH_DEV_ISSUER: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['AUTH_DEV_ISSUER', 'DATABASE_URL', 'PORT', 'REDIS_URL']);
    expect((error as Error).message).toContain('PORT must be a whole number');
  });

  it('refuses the development issuer in production and asks for a JWKS instead', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true' })).toThrow(/AUTH_DEV_ISSUER must not be true/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL is required/);
    const c = loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' });
    expect(c.auth.devIssuer).toBe(false);
  });

  it('keeps varsler to the page when nothing is configured, and checks every varsel variable', () => {
    const c = loadConfig({}, '/srv/hub');
    expect(c.varsel).toMatchObject({ smtpUrl: undefined, webhookUrl: undefined, windowSeconds: 900, jobIntervalSeconds: 30 });
    let error: unknown;
    try {
      loadConfig({
        VARSEL_SMTP_URL: 'http://mail',
        VARSEL_WEBHOOK_URL: 'https://sms.example/hook',
        VARSEL_WEBHOOK_SECRET: 'short',
        VARSEL_WINDOW_SECONDS: '-1',
        VARSEL_FROM: 'nobody',
      });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'VARSEL_FROM',
      'VARSEL_SMTP_URL',
      'VARSEL_WEBHOOK_SECRET',
      'VARSEL_WINDOW_SECONDS',
    ]);
  });

  it('treats every NODE_ENV but development and test as production: no development issuer, no silent default', () => {
    for (const NODE_ENV of ['Production', 'prod', 'staging', 'PRODUCTION']) {
      expect(() => loadConfig({ NODE_ENV })).toThrow(/AUTH_JWKS_URL is required/);
      expect(() => loadConfig({ NODE_ENV, AUTH_DEV_ISSUER: 'true' })).toThrow(
        /AUTH_DEV_ISSUER must not be true unless NODE_ENV is development or test/,
      );
    }
  });

  it('needs AUTH_DEV_ISSUER=true once NODE_ENV is set, and then listens on loopback unless HOST is given', () => {
    expect(() => loadConfig({ NODE_ENV: 'development' })).toThrow(/AUTH_JWKS_URL is required/);
    const dev = loadConfig({ NODE_ENV: 'development', AUTH_DEV_ISSUER: 'true' });
    expect(dev.auth.devIssuer).toBe(true);
    expect(dev.host).toBe('127.0.0.1');
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test', AUTH_DEV_ISSUER: 'true', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' }).host).toBe(
      '0.0.0.0',
    );
  });

  it('asks for an https JWKS in production and bounds token lifetime', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp.example/jwks', AUTH_ISSUER: 'x' })).toThrow(
      /AUTH_JWKS_URL must be a URL starting with https:\/\//,
    );
    expect(loadConfig({ NODE_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks', AUTH_ISSUER: 'x' }).auth.jwksUrl).toBe(
      'http://127.0.0.1:9/jwks',
    );
    expect(loadConfig({}).auth.maxTokenLifetimeSeconds).toBe(43_200);
    expect(() => loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '10' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number/);
  });
});
