import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { Actor, displayName, DomainError, isRole } from '@hub/domain';
import { HUB_CONFIG } from '../config/config.module';
import { DEV_ISSUER, HubConfig } from '../config/config';
import { DevKey, loadOrCreateDevKey } from './dev-issuer';
import { PersonNames } from './person-names';

/** Verified tokens kept until they expire, so a client's every request does not pay for a signature check. */
const CACHE_MAX = 10_000;

/** Clocks differ a little between the issuer and us: an `iat` up to this far ahead is still accepted. */
const CLOCK_SKEW_SECONDS = 60;

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface VerifiedToken {
  actor: Actor;
  expiresAt: number;
}

/** One answer for every bad token: expired, wrongly signed, alg none, wrong issuer or audience. */
export class Unauthorized extends DomainError {
  constructor() {
    super('unauthorized', 'Unauthorized');
  }
}

/** Verifies bearer tokens against the configured JWKS (any OIDC provider) and, in development, the built-in issuer. */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private remote?: JWTVerifyGetKey;
  private local?: JWTVerifyGetKey;
  private readonly verified = new Map<string, VerifiedToken>();
  devKey?: DevKey;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly names: PersonNames,
  ) {}

  async onModuleInit(): Promise<void> {
    const { auth } = this.config;
    if (auth.jwksUrl) this.remote = createRemoteJWKSet(new URL(auth.jwksUrl));
    if (auth.devIssuer) {
      this.devKey = await loadOrCreateDevKey(auth.devKeyFile);
      this.local = createLocalJWKSet({ keys: [this.devKey.publicJwk] });
    }
  }

  async verify(token: string): Promise<VerifiedToken> {
    const hit = this.verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit;
    if (hit) this.verified.delete(token);
    const result = await this.verifyUncached(token);
    await this.names.remember(result.actor);
    // Insertion order makes the oldest entry the first to go when the cache is full.
    if (this.verified.size >= CACHE_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, result);
    return result;
  }

  private async verifyUncached(token: string): Promise<VerifiedToken> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new Unauthorized();
    }
    // The unverified issuer only picks the key set; the signature and claims are checked against it below.
    const useDev = this.local !== undefined && issuer === DEV_ISSUER;
    const keys = useDev ? this.local : this.remote;
    if (!keys) throw new Unauthorized();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: useDev ? DEV_ISSUER : this.config.auth.issuer,
        audience: this.config.auth.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      throw new Unauthorized();
    }
    // A token issued "in the future" or living longer than allowed is a minting mistake or a stolen key's work.
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = payload.iat ?? now;
    if (issuedAt > now + CLOCK_SKEW_SECONDS || payload.exp! - issuedAt > this.config.auth.maxTokenLifetimeSeconds) throw new Unauthorized();
    const role = payload[this.config.auth.roleClaim];
    if (!isRole(role) || typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128) throw new Unauthorized();
    const enhet = typeof payload.enhet === 'string' ? payload.enhet : undefined;
    // OIDC's standard claims: `name`, else given and family name together.
    const name =
      displayName(payload.name) ??
      (typeof payload.given_name === 'string' && typeof payload.family_name === 'string'
        ? displayName(`${payload.given_name} ${payload.family_name}`)
        : undefined);
    return {
      actor: { role, sub: payload.sub, ...(enhet ? { enhet } : {}), ...(name ? { name } : {}) },
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  }
}
