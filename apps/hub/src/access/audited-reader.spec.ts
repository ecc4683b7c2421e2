import type { Actor, Case, Seat, Thread } from '@hub/domain';
import { type CaseAccess, defineAbility } from '@hub/access';
import type { AuditService, AuditTarget } from '../audit/audit.service';
import { AuditedReader } from './audited-reader';
import type { CaseAccessService, ResolvedAccess } from './case-access.service';

const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 0,
};
const thread = (id: string, participants: Seat[]): Thread => ({
  id,
  caseId: c.id,
  subject: id,
  participants,
  createdBy: 'v-1',
  createdAt: new Date(0),
});
const access: CaseAccess = {
  case: c,
  relations: [],
  consents: [],
  threads: [thread('alle', ['sykmeldt', 'veileder']), thread('lege-nav', ['fastlege', 'veileder'])],
};
const sykmeldt: Actor = { role: 'sykmeldt', sub: 'syk-1' };

describe('AuditedReader', () => {
  it('returns views of only what the caller may read, and audits exactly those', async () => {
    const resolved: ResolvedAccess = { access, seats: ['sykmeldt'], ability: defineAbility(['sykmeldt'], access) };
    const audited: AuditTarget[] = [];
    const reader = new AuditedReader(
      { resolve: () => Promise.resolve(resolved) } as unknown as CaseAccessService,
      { permit: (_: Actor, t: AuditTarget) => Promise.resolve(void audited.push(t)) } as unknown as AuditService,
    );
    const views = await reader.read(sykmeldt, c.id, {
      subject: 'Thread',
      load: (r) => Promise.resolve(r.access.threads),
      id: (t) => t.id,
      view: (t) => ({ subject: t.subject }),
    });
    expect(views).toEqual([{ subject: 'alle' }]);
    expect(audited).toEqual([{ caseId: c.id, subjectType: 'Thread', subjectIds: ['alle'] }]);
  });
});
