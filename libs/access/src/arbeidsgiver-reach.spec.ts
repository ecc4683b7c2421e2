import type { Case, Relation, Seat } from '@hub/domain';
import { reachesArbeidsgiver } from './arbeidsgiver-reach';
import type { CaseAccess } from './case-access';

const ORG = '974760673';
const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 0,
};
const rel = (role: Relation['role'], partyId: string, orgnr?: string, endedAt?: Date): Relation => ({
  id: `r-${partyId}`,
  caseId: c.id,
  role,
  partyId,
  orgnr,
  startedAt: new Date(0),
  startedBy: 'v-1',
  endedAt,
});
const thread = (id: string, participants: Seat[]) => ({
  id,
  caseId: c.id,
  subject: id,
  participants,
  createdBy: 'v-1',
  createdAt: new Date(0),
});
const access = (
  relations: Relation[] = [rel('sykmeldt', 'syk-1'), rel('arbeidsgiver', 'leder-1', ORG), rel('fastlege', 'lege-1')],
): CaseAccess => ({
  case: c,
  relations,
  consents: [],
  threads: [thread('group', ['sykmeldt', `arbeidsgiver:${ORG}`, 'veileder']), thread('lege-nav', ['fastlege', 'veileder'])],
});

describe('reachesArbeidsgiver (issue 19: which open texts the guard checks)', () => {
  it("answers from the delivery grants: a message's tekst in a thread with the leder, never its medical fields", () => {
    const a = access();
    expect(reachesArbeidsgiver(a, 'Message', { caseId: c.id, threadId: 'group' }, 'tekst')).toBe(true);
    expect(reachesArbeidsgiver(a, 'Message', { caseId: c.id, threadId: 'group' }, 'medisinskVurdering')).toBe(false);
    expect(reachesArbeidsgiver(a, 'Message', { caseId: c.id, threadId: 'lege-nav' }, 'tekst')).toBe(false);
  });

  it("counts a thread's arbeidsgiver seat after the leder's relation ended: the next leder takes the same seat", () => {
    const ended = access([rel('sykmeldt', 'syk-1')]);
    expect(reachesArbeidsgiver(ended, 'Message', { caseId: c.id, threadId: 'group' }, 'tekst')).toBe(true);
  });

  it('asks about seats a write is about to create, and only the referat parts the leder reads', () => {
    const a = { ...access([rel('sykmeldt', 'syk-1')]), threads: [] };
    const newThread = { caseId: c.id, participants: ['veileder', `arbeidsgiver:${ORG}`] };
    expect(reachesArbeidsgiver(a, 'Thread', newThread, 'subject')).toBe(false);
    expect(reachesArbeidsgiver(a, 'Thread', newThread, 'subject', newThread.participants)).toBe(true);
    const mote = { caseId: c.id, orgnr: ORG, deltakere: ['sykmeldt', 'arbeidsgiver', 'veileder'] };
    expect(reachesArbeidsgiver(access(), 'Referat', mote, 'situasjon')).toBe(true);
    expect(reachesArbeidsgiver(access(), 'Referat', mote, 'arbeidstakerOppgave')).toBe(false);
    expect(reachesArbeidsgiver(access(), 'Referat', { ...mote, deltakere: ['sykmeldt', 'veileder'] }, 'situasjon')).toBe(false);
  });
});
