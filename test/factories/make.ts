import { randomUUID } from 'node:crypto';
import type { Actor, Seat } from '@hub/domain';
import type { TestHub } from '../support/hub';
import { shortId, syntheticFnr, syntheticOrgnr } from './ids';

export interface FourPartyCase {
  id: string;
  fnr: string;
  orgnr: string;
  sykmeldt: Actor;
  arbeidsgiver: Actor;
  fastlege: Actor;
  veileder: Actor;
}

/** A case opened by a veileder with a nærmeste leder and a fastlege added, all through the public API. */
export async function caseWithFourParties(hub: TestHub, startDate = '2026-08-03'): Promise<FourPartyCase> {
  const veileder: Actor = { role: 'veileder', sub: shortId('Z99') };
  const sykmeldt: Actor = { role: 'sykmeldt', sub: shortId('syk') };
  const arbeidsgiver: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
  const fastlege: Actor = { role: 'fastlege', sub: shortId('lege') };
  const fnr = syntheticFnr();
  const orgnr = syntheticOrgnr();
  const opened = await hub.as(veileder).post('/cases').send({ sykmeldtFnr: fnr, sykmeldtId: sykmeldt.sub, startDate }).expect(201);
  const id: string = opened.body.case.id;
  await hub.as(veileder).post(`/cases/${id}/relations`).send({ role: 'arbeidsgiver', partyId: arbeidsgiver.sub, orgnr }).expect(201);
  await hub
    .as(veileder)
    .post(`/cases/${id}/relations`)
    .send({ role: 'fastlege', partyId: fastlege.sub, herId: '8094866', hprNr: '9144889' })
    .expect(201);
  return { id, fnr, orgnr, sykmeldt, arbeidsgiver, fastlege, veileder };
}

export const seats = (c: FourPartyCase) => ({
  sykmeldt: 'sykmeldt' as Seat,
  fastlege: 'fastlege' as Seat,
  veileder: 'veileder' as Seat,
  arbeidsgiver: `arbeidsgiver:${c.orgnr}` as Seat,
});

export async function thread(
  hub: TestHub,
  c: FourPartyCase,
  participants: Seat[],
  by: Actor = c.veileder,
  subject = 'Oppfølging',
): Promise<string> {
  const res = await hub.as(by).post(`/cases/${c.id}/threads`).send({ subject, participants }).expect(201);
  return res.body.id as string;
}

export async function send(hub: TestHub, c: FourPartyCase, threadId: string, by: Actor, body: Record<string, unknown>) {
  return hub
    .as(by)
    .post(`/cases/${c.id}/threads/${threadId}/messages`)
    .send({ clientTxnId: randomUUID(), ...body })
    .expect(201);
}
