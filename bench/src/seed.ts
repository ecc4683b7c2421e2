import { randomInt } from 'node:crypto';
import type { Party, Role } from './protocol';

export interface SeededCase {
  idx: number;
  caseId: string;
  threadId: string;
  orgnr: string;
  parties: Party[];
}

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const mod11 = (d: number[], w: number[]) => {
  const k = 11 - (w.reduce((a, x, i) => a + x * d[i], 0) % 11);
  return k === 11 ? 0 : k;
};

/** A synthetic fødselsnummer (day + 40, as in NAV's test data) with valid control digits, different for each i. */
export function syntheticFnr(i: number): string {
  for (let attempt = 0; ; attempt++) {
    const n = i * 1000 + attempt;
    const day = 41 + (n % 28);
    const month = 1 + (Math.floor(n / 28) % 12);
    const year = 50 + (Math.floor(n / 336) % 50);
    const individual = Math.floor(n / 16_800) % 500;
    const d = [...`${day}${String(month).padStart(2, '0')}${year}${String(individual).padStart(3, '0')}`].map(Number);
    const k1 = mod11(d, W1);
    if (k1 === 10) continue;
    const k2 = mod11([...d, k1], W2);
    if (k2 === 10) continue;
    return [...d, k1, k2].join('');
  }
}

export function syntheticOrgnr(): string {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const d = [9, ...Array.from({ length: 7 }, () => randomInt(0, 10))];
    const k = mod11(d, w);
    if (k !== 10) return [...d, k].join('');
  }
}

class Api {
  constructor(private readonly url: string) {}

  async post<T>(path: string, body: unknown, token?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.ok) return (await res.json()) as T;
      const text = await res.text();
      if (res.status < 500 || attempt >= 3) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    }
  }

  async token(role: Role, sub: string): Promise<string> {
    return (await this.post<{ token: string }>('/dev-issuer/token', { role, sub, ttlSeconds: 43_200 })).token;
  }
}

/**
 * Opens `count` cases through the REST API as a veileder (each case its own veileder, sykmeldt, nærmeste leder and
 * fastlege) and one group thread per case with all four seats; tokens come from the development issuer.
 */
export async function seedCases(url: string, count: number, firstIdx: number, runTag: string, concurrency = 8): Promise<SeededCase[]> {
  const api = new Api(url);
  const out: SeededCase[] = [];
  let next = 0;
  let partyId = firstIdx * 4;
  const one = async (idx: number): Promise<SeededCase> => {
    const subs: Record<Role, string> = {
      veileder: `Z${runTag}${idx}`,
      sykmeldt: `syk-${runTag}-${idx}`,
      arbeidsgiver: `leder-${runTag}-${idx}`,
      fastlege: `lege-${runTag}-${idx}`,
    };
    const tokens = Object.fromEntries(
      await Promise.all((Object.keys(subs) as Role[]).map(async (r) => [r, await api.token(r, subs[r])] as const)),
    ) as Record<Role, string>;
    const orgnr = syntheticOrgnr();
    const opened = await api.post<{ case: { id: string } }>(
      '/cases',
      { sykmeldtFnr: syntheticFnr(idx), sykmeldtId: subs.sykmeldt, startDate: '2026-08-03' },
      tokens.veileder,
    );
    const caseId = opened.case.id;
    await api.post(`/cases/${caseId}/relations`, { role: 'arbeidsgiver', partyId: subs.arbeidsgiver, orgnr }, tokens.veileder);
    await api.post(
      `/cases/${caseId}/relations`,
      { role: 'fastlege', partyId: subs.fastlege, herId: '8094866', hprNr: '9144889' },
      tokens.veileder,
    );
    const seats: Record<Role, string> = {
      sykmeldt: 'sykmeldt',
      arbeidsgiver: `arbeidsgiver:${orgnr}`,
      fastlege: 'fastlege',
      veileder: 'veileder',
    };
    const thread = await api.post<{ id: string }>(
      `/cases/${caseId}/threads`,
      { subject: 'Felles plan', participants: Object.values(seats) },
      tokens.veileder,
    );
    const parties = (['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'] as Role[]).map((role): Party => ({
      id: partyId++,
      caseIdx: idx,
      caseId,
      threadId: thread.id,
      role,
      seat: seats[role],
      sub: subs[role],
      token: tokens[role],
    }));
    return { idx, caseId, threadId: thread.id, orgnr, parties };
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const idx = firstIdx + next++;
        out.push(await one(idx));
      }
    }),
  );
  return out.sort((a, b) => a.idx - b.idx);
}
