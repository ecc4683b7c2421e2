import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { Invalid } from '@hub/domain';
import type { Role } from '@hub/domain';
import { DEFAULT_AUDIENCE, DEV_ISSUER } from '../config/config';

export interface DevKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The development issuer's signing key, made on first use and kept beside the data so tokens outlive restarts. */
export async function loadOrCreateDevKey(file: string): Promise<DevKey> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const key: DevKey = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export interface DevTokenRequest {
  role: Role;
  sub: string;
  enhet?: string;
  /** The `name` claim, as an OIDC provider would carry the person's name. */
  name?: string;
  ttlSeconds?: number;
  audience?: string;
  /** AUTH_MAX_TOKEN_LIFETIME_SECONDS: a longer token would be refused by the hub's own verifier, so none is made. */
  maxTtlSeconds: number;
}

/** Signs a token as the development issuer would; the hub accepts it only while AUTH_DEV_ISSUER is on. */
export async function signDevToken(key: DevKey, req: DevTokenRequest): Promise<string> {
  const ttl = req.ttlSeconds ?? 3600;
  if (ttl > req.maxTtlSeconds)
    throw new Invalid('ttlSeconds', 'max', `ttlSeconds must be at most ${req.maxTtlSeconds} (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
  const signingKey = await importJWK(key.privateJwk, 'ES256');
  const claims: Record<string, string> = { role: req.role };
  if (req.enhet) claims.enhet = req.enhet;
  if (req.name) claims.name = req.name;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(req.audience ?? DEFAULT_AUDIENCE)
    .setSubject(req.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(signingKey);
}
