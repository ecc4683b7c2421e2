import type { Actor } from '@hub/domain';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import type { RemoteApi } from './remote-api';

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
