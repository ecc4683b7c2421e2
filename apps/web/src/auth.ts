import { randomId } from './api';
import { ROLES } from './types';
import type { DevToken, PageConfig, Role, Session } from './types';

// The token lives in sessionStorage (this tab only, gone when it closes) so a reload resumes; never in localStorage.
const SESSION_KEY = 'hub.session';
const PENDING_KEY = 'hub.oidc';

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Session;
    if (s.exp * 1000 <= Date.now()) throw new Error('expired');
    return s;
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return undefined;
  }
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Reads role and subject from the token for display only; the hub verifies the token on every call. */
export function sessionFromToken(token: string, roleClaim: string): Session {
  const payload = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
  const role = payload[roleClaim];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error('Tokenet har ingen gyldig rolle');
  if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new Error('Tokenet mangler sub eller exp');
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : undefined;
  return { token, role: role as Role, sub: payload.sub, exp: payload.exp, ...(name ? { name } : {}) };
}

/** Sign-in with the hub's development issuer (only when it is on). */
export async function devSignIn(config: PageConfig, role: Role, sub: string, enhet?: string, name?: string): Promise<Session> {
  const res = await fetch('/dev-issuer/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, sub, ...(enhet ? { enhet } : {}), ...(name ? { name } : {}) }),
  });
  if (!res.ok) throw new Error('Innlogging feilet');
  const { token } = (await res.json()) as DevToken;
  const session = sessionFromToken(token, 'role');
  saveSession(session);
  return session;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  returnTo: string;
}

function redirectUri(): string {
  return `${location.origin}/app/`;
}

/** Authorization Code with PKCE (S256) as a public client: the page goes to the provider and comes back with a code. */
export async function startOidcSignIn(config: PageConfig): Promise<void> {
  const oidc = config.oidc;
  if (!oidc) throw new Error('OIDC er ikke satt opp');
  const discovery = (await (await fetch(oidc.discoveryUrl, { credentials: 'omit' })).json()) as Discovery;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: Pending = { state: randomId(), verifier, tokenEndpoint: discovery.token_endpoint, returnTo: location.hash };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Finishes a sign-in when the provider sent the browser back with `?code=&state=`; undefined when it did not. */
export async function completeOidcSignIn(config: PageConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `/app/${pending?.returnTo ?? ''}`);
  if (params.has('error')) throw new Error(`Innloggingen ble avbrutt (${params.get('error')})`);
  if (!pending || !config.oidc || params.get('state') !== pending.state)
    throw new Error('Innloggingen kunne ikke fullføres (ukjent state)');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    credentials: 'omit',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: config.oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error('Innloggingen ble avvist av identitetstilbyderen');
  const { access_token } = (await res.json()) as { access_token?: string };
  if (!access_token) throw new Error('Identitetstilbyderen sendte ikke noe token');
  const session = sessionFromToken(access_token, config.roleClaim);
  saveSession(session);
  return session;
}

function base64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(s: string): string {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}
