import type { Case, Relation, Seat, TaskStatus, TrackKind } from '@hub/domain';
import { timeline } from '@hub/domain';
import { defineAbility } from '../abilities';
import type { CaseAccess } from '../case-access';
import type { TaskRecord, TrackRecord } from './track.view';
import { toTrackView } from './track.view';
import { toTimelineView } from './timeline.view';

const ORG = '974760673';
const OTHER = '889640782';
const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 0,
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
const access: CaseAccess = {
  case: c,
  relations: [
    rel('sykmeldt', 'syk-1'),
    rel('arbeidsgiver', 'leder-1', ORG),
    rel('arbeidsgiver', 'leder-2', OTHER),
    rel('fastlege', 'lege-1'),
    rel('veileder', 'v-1'),
  ],
  consents: [],
  threads: [
    {
      id: 'leder-thread',
      caseId: c.id,
      subject: 'Tilrettelegging',
      participants: ['sykmeldt', `arbeidsgiver:${ORG}`],
      createdBy: 'leder-1',
      createdAt: new Date(0),
    },
  ],
};
const now = new Date('2026-03-01T00:00:00Z');
const task = (
  id: string,
  trackId: string,
  eierSeat: Seat,
  frist = '2026-04-01T00:00:00Z',
  status: TaskStatus = 'APEN',
  traadId?: string,
): TaskRecord => ({
  id,
  caseId: c.id,
  trackId,
  tittel: id,
  eier: eierSeat.startsWith('arbeidsgiver') ? 'arbeidsgiver' : (eierSeat as 'sykmeldt'),
  eierSeat,
  frist: new Date(frist),
  status,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...(traadId ? { traadId } : {}),
});
const track = (id: string, kind: TrackKind, tasks: TaskRecord[]): TrackRecord => ({
  id,
  caseId: c.id,
  kind,
  createdAt: new Date(0),
  tasks,
});
const tracks = [
  track('retur', 'RETUR_ARBEID', [
    task('own', 'retur', `arbeidsgiver:${ORG}`, '2026-02-01T00:00:00Z', 'APEN', 'leder-thread'),
    task('other-org', 'retur', `arbeidsgiver:${OTHER}`),
    task('lege', 'retur', 'fastlege'),
    task('nav', 'retur', 'veileder', '2026-02-01T00:00:00Z', 'FERDIG'),
  ]),
  track('med', 'MEDISINSK_BEHANDLING', [task('mr', 'med', 'fastlege')]),
  track('aap', 'AAP_VURDERING', []),
  track('tiltak', 'TILTAK', [task('kurs', 'tiltak', 'sykmeldt')]),
];
const sees = (seat: Seat) => {
  const ctx = {
    now,
    seats: [seat],
    readableThreadIds: new Set(access.threads.filter((t) => t.participants.includes(seat)).map((t) => t.id)),
  };
  return tracks.flatMap((t) => toTrackView(defineAbility([seat], access), t, ctx) ?? []);
};

describe('who sees which parallelle løp', () => {
  it("shows the arbeidsgiver only the work tracks, and there its own, the sykmeldt's and NAV's tasks", () => {
    const seen = sees(`arbeidsgiver:${ORG}`);
    expect(seen.map((t) => [t.kind, t.tasks.map((k) => k.id)])).toEqual([
      ['RETUR_ARBEID', ['own', 'nav']],
      ['TILTAK', ['kurs']],
    ]);
    expect(seen[0].tasks[0]).toMatchObject({ egen: true, overdue: true, traadId: 'leder-thread' });
    expect(seen[0].tasks[1]).toMatchObject({ egen: false, overdue: false, status: 'FERDIG' });
    expect(JSON.stringify(seen)).not.toMatch(/MEDISINSK|AAP|mr|lege|other-org/);
    expect(sees(`arbeidsgiver:${OTHER}`).map((t) => [t.kind, t.tasks.map((k) => k.id)])).toEqual([
      ['RETUR_ARBEID', ['other-org', 'nav']],
      ['TILTAK', ['kurs']],
    ]);
  });

  it('shows the fastlege its own løp and its own tasks elsewhere, without threads it is not in', () => {
    expect(sees('fastlege').map((t) => [t.kind, t.tasks.map((k) => k.id)])).toEqual([
      ['RETUR_ARBEID', ['lege']],
      ['MEDISINSK_BEHANDLING', ['mr']],
    ]);
  });

  it('shows the sykmeldt and the veileder everything, empty tracks included', () => {
    for (const seat of ['sykmeldt', 'veileder'] as const) {
      expect(sees(seat).map((t) => [t.kind, t.tasks.length])).toEqual([
        ['RETUR_ARBEID', 4],
        ['MEDISINSK_BEHANDLING', 1],
        ['AAP_VURDERING', 0],
        ['TILTAK', 1],
      ]);
    }
    expect(sees('sykmeldt')[0].tasks.find((t) => t.id === 'own')?.traadId).toBe('leder-thread');
    expect(sees('veileder')[0].tasks.find((t) => t.id === 'own')).not.toHaveProperty('traadId');
  });

  it('gives each role the milestones that concern it, and the arbeidsgiver never the aktivitetskrav', () => {
    const milestones = timeline({ forsteSykedag: new Date('2026-01-05T00:00:00Z'), now, done: [] });
    const keys = (seat: Seat) =>
      toTimelineView(defineAbility([seat], access), c.id, c.startDate, 9, milestones, new Map()).milestones.map((m) => m.key);
    expect(keys(`arbeidsgiver:${ORG}`)).toEqual(['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'MOTEBEHOV', 'DIALOGMOTE_2', 'MAKSDATO']);
    expect(keys('fastlege')).toEqual(['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'AKTIVITETSKRAV', 'DIALOGMOTE_2']);
    expect(keys('sykmeldt')).toHaveLength(7);
    expect(keys('veileder')).toHaveLength(7);
  });
});
