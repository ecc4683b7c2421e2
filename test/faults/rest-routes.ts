import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import type { TestHub } from '../support/hub';

export const START = '2026-08-03';
export const day = (n: number) => new Date(Date.parse(`${START}T08:00:00Z`) + n * 86_400_000);
/** Fixtures are made in week 6; the routes are then called in week 9, when the forespørsel is ubesvart (504 h). */
export const MADE_AT = day(40);
export const CALLED_AT = day(62);

export const GATEWAY_KEY = 'gateway-key-for-property-tests-0123';
export const OPERATOR_KEY = 'operator-key-for-property-tests-0123';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One valid call of an operation: every fault is applied to a fresh copy of it. */
export interface ValidRequest {
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Who calls it (a bearer token); the gateway and operator routes use `headers` instead. */
  actor?: Actor;
  headers?: Record<string, string>;
}

/** A four-party case with one of everything, in states where each valid request below is accepted. */
export interface RestFixture {
  c: FourPartyCase;
  group: string;
  bilateral: string;
  /** veileder + sykmeldt: the veileder brings the fastlege in and takes them out again. */
  trio: string;
  messageId: string;
  messageSeq: number;
  /** A second nærmeste leder's relation, so ending one leaves the case's own arbeidsgiver in place. */
  extraRelationId: string;
  foresporsel: { id: string; msgId: string };
  /**
   * A second virksomhet's nærmeste leder and its plan, version 1 already approved by the sykmeldt (the leader's approval
   * completes it); the case's own arbeidsgiver has no plan yet, so drafting one is valid.
   */
  planLeder: Actor;
  planId: string;
  dm1: string;
  dm2: string;
  motebehovId: string;
  trackId: string;
  taskId: string;
}

const innhold = () => ({
  arbeidsoppgaver: 'Kundebehandling på telefon',
  tilrettelegging: 'Hev-senk-pult og kortere dager',
  oppfolging: 'Samtale hver fredag',
  evalueringsdato: '2026-12-01',
});

export async function restFixture(hub: TestHub): Promise<RestFixture> {
  hub.clock.set(MADE_AT);
  const c = await caseWithFourParties(hub, START);
  const s = seats(c);
  const v = c.veileder;
  const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
  const bilateral = await thread(hub, c, [s.fastlege, s.veileder]);
  const trio = await thread(hub, c, [s.sykmeldt, s.veileder]);
  const message = (await send(hub, c, group, c.sykmeldt, { tekst: 'Hei alle sammen' })).body as { id: string; seq: number };
  const extra = await ok(
    hub
      .as(v)
      .post(`/cases/${c.id}/relations`)
      .send({ role: 'arbeidsgiver', partyId: shortId('leder'), orgnr: syntheticOrgnr() }),
    201,
  );
  const planLeder: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
  await ok(hub.as(v).post(`/cases/${c.id}/relations`).send({ role: 'arbeidsgiver', partyId: planLeder.sub, orgnr: syntheticOrgnr() }), 201);
  const f = await ok(
    hub
      .as(v)
      .post(`/cases/${c.id}/threads/${bilateral}/dialogmeldinger`)
      .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'Hvordan går det?' }),
    201,
  );
  const plan = await ok(hub.as(planLeder).post(`/cases/${c.id}/oppfolgingsplaner`).send(innhold()), 201);
  await ok(hub.as(c.sykmeldt).post(`/cases/${c.id}/oppfolgingsplaner/${plan.body.id}/versjoner/1/godkjenning`), 200);
  const dm1 = await ok(
    hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/dialogmoter`)
      .send({ kind: 'DM1', tid: day(70).toISOString(), sted: 'Kontoret', deltakere: ['sykmeldt'] }),
    201,
  );
  const dm2 = await ok(
    hub
      .as(v)
      .post(`/cases/${c.id}/dialogmoter`)
      .send({ kind: 'DM2', tid: day(180).toISOString(), sted: 'NAV Hamar', deltakere: ['sykmeldt', 'arbeidsgiver'], orgnr: c.orgnr }),
    201,
  );
  const mb = await ok(
    hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/motebehov`)
      .send({ skjemaType: 'MELD_BEHOV', harMotebehov: true, onskerSykmelderDeltar: false, onskerTolk: false }),
    201,
  );
  const track = await ok(hub.as(v).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }), 201);
  const task = await ok(
    hub
      .as(v)
      .post(`/cases/${c.id}/tracks/${track.body.id}/tasks`)
      .send({ tittel: 'Avklare oppgaver', eier: 'veileder', frist: '2026-12-01T12:00:00+01:00' }),
    201,
  );
  hub.clock.set(CALLED_AT);
  return {
    c,
    group,
    bilateral,
    trio,
    messageId: message.id,
    messageSeq: message.seq,
    extraRelationId: extra.body.id,
    foresporsel: { id: f.body.id, msgId: f.body.msgId },
    planLeder,
    planId: plan.body.id,
    dm1: dm1.body.id,
    dm2: dm2.body.id,
    motebehovId: mb.body.id,
    trackId: track.body.id,
    taskId: task.body.id,
  };
}

/** Awaits a fixture request, failing with the hub's answer when it is not the expected status. */
async function ok(
  req: PromiseLike<{ status: number; body: unknown }>,
  status: number,
): Promise<{ body: Record<string, string> & { seq: number } }> {
  const res = await req;
  if (res.status !== status) throw new Error(`fixture request answered ${res.status}, expected ${status}: ${JSON.stringify(res.body)}`);
  return res as { body: Record<string, string> & { seq: number } };
}

type Route = (fx: RestFixture) => ValidRequest;

/**
 * A valid request per operation, in an order in which they can all be made once on a fresh fixture (the control test
 * does that, so a refusal in the property is the fault's doing and not a stale fixture's). Keys are OpenAPI operations.
 */
export const ROUTES: Record<string, Route> = {
  'GET /cases': (x) => ({ actor: x.c.veileder, params: {}, query: { limit: '10' } }),
  'POST /cases': (x) => ({
    actor: x.c.veileder,
    params: {},
    body: { sykmeldtFnr: syntheticFnr(), sykmeldtId: shortId('syk'), startDate: START, enhet: '0314' },
  }),
  'GET /cases/{caseId}': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id } }),
  'POST /cases/{caseId}/relations': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id },
    body: { role: 'arbeidsgiver', partyId: shortId('leder'), orgnr: syntheticOrgnr(), replace: false },
  }),
  'POST /cases/{caseId}/relations/{relationId}/end': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, relationId: x.extraRelationId },
    body: { reason: 'Ny nærmeste leder' },
  }),
  'PUT /cases/{caseId}/consents/{orgnr}/{scope}': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, orgnr: x.c.orgnr, scope: 'funksjonsevne' },
  }),
  'DELETE /cases/{caseId}/consents/{orgnr}/{scope}': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, orgnr: x.c.orgnr, scope: 'funksjonsevne' },
  }),
  'POST /cases/{caseId}/threads': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id },
    body: { subject: 'Ny tråd', participants: ['veileder', 'fastlege'] },
  }),
  'GET /cases/{caseId}/threads': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id } }),
  'GET /cases/{caseId}/threads/{threadId}': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id, threadId: x.group } }),
  'POST /cases/{caseId}/threads/{threadId}/participants': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.trio },
    body: { seat: 'fastlege' },
  }),
  'DELETE /cases/{caseId}/threads/{threadId}/participants/{seat}': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.trio, seat: 'fastlege' },
  }),
  'POST /cases/{caseId}/threads/{threadId}/messages': (x) => ({
    actor: x.c.fastlege,
    params: { caseId: x.c.id, threadId: x.group },
    body: {
      clientTxnId: randomUUID(),
      tekst: 'Etter kontroll',
      funksjonsevne: 'Kan ikke løfte over 10 kg',
      medisinskVurdering: 'Bedring',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }],
    },
  }),
  'GET /cases/{caseId}/threads/{threadId}/messages': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, threadId: x.group },
    query: { order: 'asc', cursor: '0', limit: '10' },
  }),
  'PATCH /cases/{caseId}/threads/{threadId}/messages/{messageId}': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, threadId: x.group, messageId: x.messageId },
    body: { tekst: 'Rettet tekst', funksjonsevne: 'Kan gå' },
  }),
  'GET /cases/{caseId}/threads/{threadId}/messages/{messageId}/versions': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, threadId: x.group, messageId: x.messageId },
  }),
  'POST /cases/{caseId}/threads/{threadId}/read-markers': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, threadId: x.group },
    body: { upToSeq: x.messageSeq },
  }),
  'GET /cases/{caseId}/threads/{threadId}/read-markers': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id, threadId: x.group } }),
  'DELETE /cases/{caseId}/threads/{threadId}/messages/{messageId}': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, threadId: x.group, messageId: x.messageId },
  }),
  'GET /cases/{caseId}/events': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id }, query: { after: '0', limit: '10' } }),
  'GET /cases/{caseId}/search': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id }, query: { q: 'hei', limit: '5' } }),
  'GET /search': (x) => ({ actor: x.c.sykmeldt, params: {}, query: { q: 'hei', limit: '5' } }),
  'GET /cases/{caseId}/audit': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id }, query: { after: '0', limit: '10' } }),
  'GET /operator/audit.cef': () => ({
    headers: { 'x-operator-key': OPERATOR_KEY },
    params: {},
    query: { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
  }),

  'POST /cases/{caseId}/oppfolgingsplaner': (x) => ({ actor: x.c.arbeidsgiver, params: { caseId: x.c.id }, body: innhold() }),
  'GET /cases/{caseId}/oppfolgingsplaner': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id } }),
  'GET /cases/{caseId}/oppfolgingsplaner/{planId}': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id, planId: x.planId } }),
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/kommentarer': (x) => ({
    actor: x.planLeder,
    params: { caseId: x.c.id, planId: x.planId, versjon: '1' },
    body: { tekst: 'Greit for meg' },
  }),
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/godkjenning': (x) => ({
    actor: x.planLeder,
    params: { caseId: x.c.id, planId: x.planId, versjon: '1' },
  }),
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/deling': (x) => ({
    actor: x.planLeder,
    params: { caseId: x.c.id, planId: x.planId, versjon: '1' },
    body: { mottakere: ['fastlege', 'nav'] },
  }),
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, planId: x.planId },
    body: innhold(),
  }),

  'POST /cases/{caseId}/dialogmoter': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id },
    body: {
      kind: 'DM3',
      tid: day(250).toISOString(),
      sted: 'NAV Hamar',
      videoLink: 'https://video.nav.no/m/abc',
      deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
      orgnr: x.c.orgnr,
    },
  }),
  'GET /cases/{caseId}/dialogmoter': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id } }),
  'GET /cases/{caseId}/dialogmoter/{moteId}': (x) => ({ actor: x.c.sykmeldt, params: { caseId: x.c.id, moteId: x.dm1 } }),
  'POST /cases/{caseId}/dialogmoter/{moteId}/svar': (x) => ({
    actor: x.c.sykmeldt,
    params: { caseId: x.c.id, moteId: x.dm1 },
    body: { svar: 'NYTT_TID_STED', onske: 'Etter lunsj' },
  }),
  'POST /cases/{caseId}/dialogmoter/{moteId}/nytt-tid-sted': (x) => ({
    actor: x.c.arbeidsgiver,
    params: { caseId: x.c.id, moteId: x.dm1 },
    body: { tid: day(72).toISOString(), sted: 'Kontoret, rom 2', videoLink: 'https://video.example.no/x' },
  }),
  'POST /cases/{caseId}/dialogmoter/{moteId}/ferdigstill': (x) => ({
    actor: x.c.arbeidsgiver,
    params: { caseId: x.c.id, moteId: x.dm1 },
    body: { situasjon: 'Gradvis tilbake', konklusjon: 'Ny samtale', arbeidsgiverOppgave: 'Bestille pult' },
  }),
  'PUT /cases/{caseId}/dialogmoter/{moteId}/referat': (x) => ({
    actor: x.c.arbeidsgiver,
    params: { caseId: x.c.id, moteId: x.dm1 },
    body: { situasjon: 'Gradvis tilbake', konklusjon: 'Ny samtale om tre uker' },
  }),
  'POST /cases/{caseId}/dialogmoter/{moteId}/lukk': (x) => ({ actor: x.c.arbeidsgiver, params: { caseId: x.c.id, moteId: x.dm1 } }),
  'POST /cases/{caseId}/dialogmoter/{moteId}/avlys': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id, moteId: x.dm2 } }),
  'POST /cases/{caseId}/dm2-unntak': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id },
    body: { arsak: 'MEDISINSKE_GRUNNER', beskrivelse: 'Innlagt' },
  }),
  'GET /cases/{caseId}/dm2-unntak': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),

  'POST /cases/{caseId}/motebehov': (x) => ({
    actor: x.c.arbeidsgiver,
    params: { caseId: x.c.id },
    body: {
      skjemaType: 'MELD_BEHOV',
      harMotebehov: true,
      begrunnelse: 'Turnus',
      onskerSykmelderDeltar: true,
      onskerTolk: true,
      tolkSprak: 'arabisk',
      orgnr: x.c.orgnr,
    },
  }),
  'GET /cases/{caseId}/motebehov': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),
  'GET /cases/{caseId}/motebehov/{motebehovId}': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id, motebehovId: x.motebehovId } }),
  'POST /cases/{caseId}/motebehov/{motebehovId}/behandlet': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, motebehovId: x.motebehovId },
  }),

  'GET /cases/{caseId}/timeline': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),
  'POST /cases/{caseId}/timeline/{key}/done': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, key: 'AKTIVITETSKRAV' },
    body: { reason: 'Registrert utenfor huben' },
  }),
  'DELETE /cases/{caseId}/timeline/{key}/done': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id, key: 'AKTIVITETSKRAV' } }),
  'GET /cases/{caseId}/tracks': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),
  'POST /cases/{caseId}/tracks': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id }, body: { kind: 'TILTAK' } }),
  'POST /cases/{caseId}/tracks/{trackId}/tasks': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, trackId: x.trackId },
    body: { tittel: 'Kartlegge arbeidsoppgaver', eier: `arbeidsgiver:${x.c.orgnr}`, frist: '2026-12-01T12:00:00+01:00', traadId: x.group },
  }),
  'PUT /cases/{caseId}/tracks/{trackId}/tasks/{taskId}/status': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, trackId: x.trackId, taskId: x.taskId },
    body: { status: 'PAGAR' },
  }),
  'GET /cases/{caseId}/handover-summary': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),
  'GET /cases/{caseId}/retention': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id } }),
  'PUT /cases/{caseId}/sluttdato': (x) => ({ actor: x.c.veileder, params: { caseId: x.c.id }, body: { sluttdato: '2027-03-15' } }),

  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.bilateral },
    body: { clientTxnId: randomUUID(), kind: 'NOTAT', kode: '9', tekst: 'Informasjon fra NAV' },
  }),
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.bilateral },
  }),
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.bilateral, dialogmeldingId: x.foresporsel.id },
  }),
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/xml': (x) => ({
    actor: x.c.fastlege,
    params: { caseId: x.c.id, threadId: x.bilateral, dialogmeldingId: x.foresporsel.id },
  }),
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/paminnelse': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id, threadId: x.bilateral, dialogmeldingId: x.foresporsel.id },
    body: { clientTxnId: randomUUID(), tekst: 'Påminnelse' },
  }),
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/svar': (x) => ({
    actor: x.c.fastlege,
    params: { caseId: x.c.id, threadId: x.bilateral, dialogmeldingId: x.foresporsel.id },
    body: { clientTxnId: randomUUID(), tekst: 'Sykmeldt ut måneden' },
  }),
  'GET /dialogmelding/outbox': () => ({ headers: { 'x-dialogmelding-gateway-key': GATEWAY_KEY }, params: {}, query: { limit: '10' } }),
  'POST /dialogmelding/outbox/{msgId}/published': (x) => ({
    headers: { 'x-dialogmelding-gateway-key': GATEWAY_KEY },
    params: { msgId: x.foresporsel.msgId },
  }),

  'PUT /me/varsel-innstillinger': (x) => ({
    actor: x.c.sykmeldt,
    params: {},
    body: { epost: 'syk@example.no', telefon: '+4791234567', kanaler: ['epost', 'sms'] },
  }),

  // Last: the veileder who hands over loses the case.
  'POST /cases/{caseId}/handover': (x) => ({
    actor: x.c.veileder,
    params: { caseId: x.c.id },
    body: { toVeilederId: shortId('Z99'), notat: 'Sykmeldt følges opp om to uker; plan er delt.' },
  }),
};

/** Operations outside this property: no case data, no input to speak of, or the importer's own property. */
export const NOT_IN_PROPERTY: Record<string, string> = {
  'GET /health': 'no input',
  'GET /health/live': 'no input',
  'GET /health/ready': 'no input',
  'GET /dev-issuer/.well-known/jwks.json': 'development issuer, no input',
  'POST /dev-issuer/token': 'development issuer, no database',
  'POST /dialogmelding/inbound': 'XML, not JSON: property-importer.e2e-spec.ts',
  'GET /me/varsel-innstillinger': 'no input',
  'GET /me/varsler': 'no input',
  'GET /operator/varsler/dead': 'no input',
  'POST /operator/varsler/dead/{deliveryId}/retry': 'needs a dead delivery: test/varsler/varsler.e2e-spec.ts',
  'POST /cases/{caseId}/threads/{threadId}/files': 'multipart, not JSON: test/files/attachments.e2e-spec.ts',
  'GET /cases/{caseId}/threads/{threadId}/files/{fileId}': 'a file, not JSON: test/files/attachments.e2e-spec.ts',
};
