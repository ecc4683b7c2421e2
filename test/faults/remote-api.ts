import { join } from 'node:path';
import type { Actor } from '@hub/domain';
import type { DevKey } from '../../apps/hub/src/auth/dev-issuer';
import { loadOrCreateDevKey, signDevToken } from '../../apps/hub/src/auth/dev-issuer';

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * REST against hub nodes running as separate processes: development tokens signed with the test run's key (the
 * nodes share HUB_DATA_DIR), plain fetch with a deadline, so a dead node or a hung request is an error to retry.
 */
export class RemoteApi {
  private readonly tokens = new Map<string, Promise<string>>();

  private constructor(private readonly key: DevKey) {}

  /** Creates the key before any node starts, so the nodes and the test agree on it. */
  static async open(dataDir: string): Promise<RemoteApi> {
    return new RemoteApi(await loadOrCreateDevKey(join(dataDir, 'dev-issuer-key.json')));
  }

  token(actor: Actor): Promise<string> {
    const k = `${actor.role}:${actor.sub}:${actor.enhet ?? ''}`;
    let t = this.tokens.get(k);
    if (!t) {
      t = signDevToken(this.key, { role: actor.role, sub: actor.sub, enhet: actor.enhet, ttlSeconds: 3 * 3600, maxTtlSeconds: 43_200 });
      this.tokens.set(k, t);
    }
    return t;
  }

  /** Rejects on a network error or after `timeoutMs`; any HTTP status resolves. */
  async call(baseUrl: string, actor: Actor, method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(actor)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Like call, but fails unless the status is the expected one. */
  async expect(
    status: number,
    baseUrl: string,
    actor: Actor,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const a = await this.call(baseUrl, actor, method, path, body);
    if (a.status !== status) throw new Error(`${method} ${path} answered ${a.status}, expected ${status}: ${JSON.stringify(a.body)}`);
    return a.body as Record<string, unknown>;
  }
}
