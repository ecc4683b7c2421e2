import type { Actor } from '@hub/domain';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import { Client } from 'pg';
import type { RemoteApi } from './remote-api';
import type { SendRecord } from './send-load';

export interface FaultCase {
  id: string;
  group: string;
  bilateral: string;
  parties: Record<'sykmeldt' | 'arbeidsgiver' | 'fastlege' | 'veileder', Actor>;
}

export interface EventPage {
  events: { seq: number; type: string; message?: { id?: string } }[];
  next: number;
  lastSeq: number;
  hasMore: boolean;
}

export async function allEvents(api: RemoteApi, url: string, actor: Actor, caseId: string): Promise<EventPage['events']> {
  const all: EventPage['events'] = [];
  for (let after = 0; ;) {
    const page = (await api.expect(200, url, actor, 'GET', `/cases/${caseId}/events?after=${after}&limit=1000`)) as unknown as EventPage;
    all.push(...page.events);
    if (!page.hasMore) return all;
    after = page.next;
  }
}

/** A case with its four parties, a group thread and a veileder–fastlege thread the others never see. */
export async function openCase(api: RemoteApi, url: string): Promise<FaultCase> {
  const parties = {
    veileder: { role: 'veileder', sub: shortId('Z99') },
    sykmeldt: { role: 'sykmeldt', sub: shortId('syk') },
    arbeidsgiver: { role: 'arbeidsgiver', sub: shortId('leder') },
    fastlege: { role: 'fastlege', sub: shortId('lege') },
  } satisfies FaultCase['parties'];
  const orgnr = syntheticOrgnr();
  const v = parties.veileder;
  const opened = await api.expect(201, url, v, 'POST', '/cases', {
    sykmeldtFnr: syntheticFnr(),
    sykmeldtId: parties.sykmeldt.sub,
    startDate: '2026-08-03',
  });
  const id = (opened.case as { id: string }).id;
  await api.expect(201, url, v, 'POST', `/cases/${id}/relations`, { role: 'arbeidsgiver', partyId: parties.arbeidsgiver.sub, orgnr });
  await api.expect(201, url, v, 'POST', `/cases/${id}/relations`, {
    role: 'fastlege',
    partyId: parties.fastlege.sub,
    herId: '8094866',
    hprNr: '9144889',
  });
  const group = await api.expect(201, url, v, 'POST', `/cases/${id}/threads`, {
    subject: 'Felles',
    participants: ['sykmeldt', `arbeidsgiver:${orgnr}`, 'fastlege', 'veileder'],
  });
  const bilateral = await api.expect(201, url, v, 'POST', `/cases/${id}/threads`, {
    subject: 'Lege og NAV',
    participants: ['fastlege', 'veileder'],
  });
  return { id, group: group.id as string, bilateral: bilateral.id as string, parties };
}

/**
 * What the database holds of the cases after a fault run: every acked send stored once, under its sender and
 * clientTxnId, with the id and seq it was acked with (`storedNotOnce`); nothing stored that was not acked
 * (`storedUnacked`); and each case's event sequence gap-free from 1 (`gaps`).
 */
export async function storedOnce(
  dbUrl: string,
  caseIds: readonly string[],
  acked: readonly SendRecord[],
): Promise<{ storedNotOnce: string[]; storedUnacked: string[]; gaps: string[] }> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const ids = [...caseIds];
  const rows = (
    await db.query<{ sender_id: string; client_txn_id: string; id: string; seq: string }>(
      'SELECT sender_id, client_txn_id, id, seq FROM messages WHERE case_id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
  const seqs = (
    await db.query<{ case_id: string; n: string; lo: string; hi: string }>(
      'SELECT case_id, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id',
      [ids],
    )
  ).rows;
  await db.end();
  const byTxn = new Map<string, typeof rows>();
  for (const r of rows) byTxn.set(`${r.sender_id}:${r.client_txn_id}`, [...(byTxn.get(`${r.sender_id}:${r.client_txn_id}`) ?? []), r]);
  const storedNotOnce = acked.flatMap((s) => {
    const stored = byTxn.get(`${s.actor.sub}:${s.clientTxnId}`) ?? [];
    return stored.length === 1 && stored[0].id === s.acked!.id && Number(stored[0].seq) === s.acked!.seq
      ? []
      : [`${s.clientTxnId}: ${stored.length} rows`];
  });
  const ackedKeys = new Set(acked.map((s) => `${s.actor.sub}:${s.clientTxnId}`));
  return {
    storedNotOnce,
    storedUnacked: rows.filter((r) => !ackedKeys.has(`${r.sender_id}:${r.client_txn_id}`)).map((r) => r.client_txn_id),
    gaps: seqs.filter((r) => Number(r.lo) !== 1 || Number(r.hi) !== Number(r.n)).map((r) => r.case_id),
  };
}
