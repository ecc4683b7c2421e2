import { parseArgs } from 'node:util';
import { isRole } from '@hub/domain';
import { loadOrCreateDevKey, signDevToken } from '../auth/dev-issuer';
import { loadConfig } from '../config/config';

const USAGE =
  'Usage: npm run token -- --role <sykmeldt|arbeidsgiver|fastlege|veileder> --sub <id> [--enhet <4 digits>] [--name <display name>] [--ttl <seconds>]';

/** `npm run token`: prints a development token the local hub accepts (AUTH_DEV_ISSUER on, never in production). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      enhet: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  if (!isRole(values.role) || !values.sub) throw new Error(USAGE);
  const ttl = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400) throw new Error('--ttl must be a whole number of seconds from 60 to 86400');
  const config = loadConfig();
  if (!config.auth.devIssuer)
    throw new Error(
      'The development issuer is off (it needs AUTH_DEV_ISSUER=true with NODE_ENV development or test, or neither NODE_ENV nor AUTH_JWKS_URL set); use your OIDC provider',
    );
  const key = await loadOrCreateDevKey(config.auth.devKeyFile);
  process.stdout.write(
    `${await signDevToken(key, { role: values.role, sub: values.sub, enhet: values.enhet, name: values.name, ttlSeconds: ttl, audience: config.auth.audience, maxTtlSeconds: config.auth.maxTokenLifetimeSeconds })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
