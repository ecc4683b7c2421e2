import type { Case, Message, Relation, Role, Seat } from '@hub/domain';
import { defineAbility } from './abilities';
import type { CaseAccess } from './case-access';
import { seatsOf } from './case-access';
import { canRead } from './views/permitted';
import { toMessageView } from './views/message.view';
import { toCaseView } from './views/case.view';

const ORG = '974760673';
const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 9,
};
const rel = (role: Relation['role'], partyId: string, orgnr?: string): Relation => ({
  id: `r-${partyId}`,
  caseId: c.id,
  role,
  partyId,
  orgnr,
  startedAt: new Date(0),
  startedBy: 'v-1',
});
const thread = (id: string, participants: Seat[]) => ({
  id,
  caseId: c.id,
  subject: id,
  participants,
  createdBy: 'v-1',
  createdAt: new Date(0),
});
const access = (over: Partial<CaseAccess> = {}): CaseAccess => ({
  case: c,
  relations: [rel('sykmeldt', 'syk-1'), rel('arbeidsgiver', 'leder-1', ORG), rel('fastlege', 'lege-1'), rel('veileder', 'v-1')],
  consents: [],
  threads: [thread('group', ['sykmeldt', `arbeidsgiver:${ORG}`, 'fastlege', 'veileder']), thread('lege-nav', ['fastlege', 'veileder'])],
  ...over,
});
const message = (threadId: string): Message => ({
  id: 'm-1',
  caseId: c.id,
  threadId,
  seq: 3,
  senderId: 'lege-1',
  senderRole: 'fastlege',
  senderSeat: 'fastlege',
  clientTxnId: 'tx-1',
  tekst: 'Etter kontroll',
  funksjonsevne: 'Kan ikke løfte over 10 kg',
  diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }],
  medisinskVurdering: 'Prolaps',
  version: 1,
  sentAt: new Date(0),
  attachments: [
    { id: 'a1', filename: 'plan.pdf', mimeType: 'application/pdf', sizeBytes: 10, classification: 'open' },
    { id: 'a2', filename: 'legeerklaering.pdf', mimeType: 'application/pdf', sizeBytes: 10, classification: 'medical' },
  ],
});
const ability = (seats: Seat[], a = access()) => defineAbility(seats, a);

describe('access rules', () => {
  it('gives the arbeidsgiver no medical field and no health field without consent', () => {
    const view = toMessageView(ability([`arbeidsgiver:${ORG}`]), 'arbeidsgiver', message('group'));
    expect(view.tekst).toBe('Etter kontroll');
    expect(Object.keys(view).sort()).toEqual([
      'attachments',
      'editedAt',
      'id',
      'redacted',
      'senderRole',
      'sentAt',
      'seq',
      'tekst',
      'threadId',
      'version',
    ]);
    expect(view.attachments!.map((a) => a.id)).toEqual(['a1']);
    expect(JSON.stringify(view)).not.toMatch(/L03|Korsrygg|Prolaps|løfte|legeerklaering/);
  });

  it('shows the arbeidsgiver funksjonsevne while the consent for its virksomhet stands', () => {
    const consent = { id: 'k', caseId: c.id, orgnr: ORG, scope: 'funksjonsevne' as const, grantedAt: new Date(0) };
    const withConsent = toMessageView(ability([`arbeidsgiver:${ORG}`], access({ consents: [consent] })), 'arbeidsgiver', message('group'));
    expect(withConsent.funksjonsevne).toBe('Kan ikke løfte over 10 kg');
    expect(withConsent.diagnose).toBeUndefined();
    const otherOrg = { ...consent, orgnr: '910825518' };
    const wrongOrg = toMessageView(ability([`arbeidsgiver:${ORG}`], access({ consents: [otherOrg] })), 'arbeidsgiver', message('group'));
    expect(wrongOrg.funksjonsevne).toBeUndefined();
  });

  it('gives the clinical parties everything, and the sender alone its clientTxnId', () => {
    for (const seat of ['sykmeldt', 'fastlege', 'veileder'] as const) {
      const view = toMessageView(ability([seat]), seat, message('group'));
      expect(view.diagnose).toEqual([{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }]);
      expect(view.attachments).toHaveLength(2);
      expect(view.clientTxnId).toBeUndefined();
    }
    expect(toMessageView(defineAbility(['fastlege'], access(), 'lege-1'), 'fastlege', message('group')).clientTxnId).toBe('tx-1');
  });

  it('hides a bilateral thread and its messages from parties outside it', () => {
    expect(canRead(ability(['sykmeldt']), 'Thread', { caseId: c.id, participants: ['fastlege', 'veileder'] })).toBe(false);
    expect(canRead(ability(['sykmeldt']), 'Message', message('lege-nav'))).toBe(false);
    expect(canRead(ability(['veileder']), 'Message', message('lege-nav'))).toBe(true);
  });

  it('answers the same from one long-lived ability as from a fresh one, whatever it answered before', () => {
    // One ability renders many messages (the fan-out keeps it per audience and caches its answers per the fields its
    // conditions name); every answer must match a fresh ability's for the same message.
    const messages = ['group', 'lege-nav', 'elsewhere'].flatMap((threadId) =>
      [
        ['lege-1', 'fastlege'],
        ['v-1', 'veileder'],
        ['leder-1', 'arbeidsgiver'],
      ].map(([senderId, role]) => ({ ...message(threadId), senderId, senderRole: role as Message['senderRole'] })),
    );
    for (const [seats, actorId] of [
      [['fastlege'], 'lege-1'],
      [[`arbeidsgiver:${ORG}`], 'leder-1'],
      [['veileder'], undefined],
    ] as [Seat[], string | undefined][]) {
      const role = seats[0].startsWith('arbeidsgiver:') ? 'arbeidsgiver' : (seats[0] as Role);
      const kept = defineAbility(seats, access(), actorId);
      for (const m of [...messages, ...messages.reverse()]) {
        const fresh = defineAbility(seats, access(), actorId);
        expect(canRead(kept, 'Message', m)).toBe(canRead(fresh, 'Message', m));
        expect(toMessageView(kept, role, m)).toEqual(toMessageView(fresh, role, m));
        const event = {
          caseId: c.id,
          threadId: m.threadId === 'elsewhere' ? null : m.threadId,
          audience: m.threadId === 'elsewhere' ? [seats[0]] : [],
        };
        expect(canRead(kept, 'Event', event)).toBe(canRead(defineAbility(seats, access(), actorId), 'Event', event));
      }
    }
    expect(
      toMessageView(defineAbility(['fastlege'], access(), 'lege-1'), 'fastlege', { ...message('group'), senderId: 'v-1' }).clientTxnId,
    ).toBeUndefined();
  });

  it('derives seats only from active relations of the actor, and from the veileder enhet', () => {
    const a = access();
    expect(seatsOf({ role: 'arbeidsgiver', sub: 'leder-1' }, a)).toEqual([`arbeidsgiver:${ORG}`]);
    expect(seatsOf({ role: 'fastlege', sub: 'leder-1' }, a)).toEqual([]);
    expect(
      seatsOf({ role: 'arbeidsgiver', sub: 'leder-1' }, access({ relations: a.relations.filter((r) => r.role !== 'arbeidsgiver') })),
    ).toEqual([]);
    expect(seatsOf({ role: 'veileder', sub: 'v-2', enhet: '0314' }, access({ case: { ...c, enhet: '0314' } }))).toEqual(['veileder']);
    expect(seatsOf({ role: 'veileder', sub: 'v-2', enhet: '0315' }, access({ case: { ...c, enhet: '0314' } }))).toEqual([]);
  });

  it('shows the arbeidsgiver the case without the fødselsnummer', () => {
    const view = toCaseView(ability([`arbeidsgiver:${ORG}`]), 'arbeidsgiver', c);
    expect(view).toEqual({ id: c.id, startDate: c.startDate, sykmeldtId: 'syk-1', lastSeq: 9 });
  });
});
