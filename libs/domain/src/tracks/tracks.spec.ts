import type { Actor } from '../roles';
import { handoverSummary } from './handover';
import type { Track } from './tracks';
import { addTask, changeTaskStatus, createTrack, overdueTasks } from './tracks';
import { caught } from '../caught.spec-helper';

const veileder: Actor = { role: 'veileder', sub: 'Z990000' };
const leder: Actor = { role: 'arbeidsgiver', sub: 'leder-1' };
const t0 = new Date('2024-03-01T08:00:00Z');
const now = new Date('2024-03-20T08:00:00Z');
const d = (iso: string) => new Date(`${iso}T12:00:00Z`);

function fixture(): Track[] {
  let retur = createTrack('t-retur', 'RETUR_ARBEID', veileder, t0);
  retur = addTask(
    retur,
    { id: 'a', tittel: 'Avklare tilrettelegging', eier: 'arbeidsgiver', frist: d('2024-03-25'), traadId: 'thread-9' },
    veileder,
    t0,
  );
  retur = addTask(retur, { id: 'b', tittel: 'Gradert plan', eier: 'veileder', frist: d('2024-03-10') }, veileder, t0);
  retur = addTask(retur, { id: 'c', tittel: 'Innhente plan', eier: 'veileder', frist: d('2024-03-05') }, veileder, t0);
  let med = createTrack('t-med', 'MEDISINSK_BEHANDLING', veileder, t0);
  med = addTask(med, { id: 'd', tittel: 'Spør fastlege om prognose', eier: 'fastlege', frist: d('2024-03-15') }, veileder, t0);
  med = addTask(med, { id: 'e', tittel: 'Avvent utredning', eier: 'veileder', frist: d('2024-04-30') }, veileder, t0);
  [retur] = changeTaskStatus(retur, 'c', 'FERDIG', veileder, new Date('2024-03-04T08:00:00Z'));
  [med] = changeTaskStatus(med, 'd', 'PAGAR', veileder, t0);
  [med] = changeTaskStatus(med, 'e', 'AVBRUTT', veileder, new Date('2024-03-12T08:00:00Z'));
  return [retur, med];
}

describe('parallelle løp', () => {
  it('moves tasks only along the allowed moves, by the veileder or the task owner', () => {
    const [retur] = fixture();
    const [moved, change] = changeTaskStatus(retur, 'a', 'PAGAR', leder, now);
    expect(moved.tasks.find((t) => t.id === 'a')?.status).toBe('PAGAR');
    expect(retur.tasks.find((t) => t.id === 'a')?.status).toBe('APEN');
    expect(change).toEqual({ trackId: 't-retur', taskId: 'a', from: 'APEN', to: 'PAGAR', by: 'leder-1', at: now });
    expect(changeTaskStatus(moved, 'a', 'APEN', veileder, now)[0].tasks[0].status).toBe('APEN');
    expect(caught(() => changeTaskStatus(retur, 'c', 'APEN', veileder, now)).code).toBe('conflict');
    expect(caught(() => changeTaskStatus(retur, 'b', 'FERDIG', leder, now)).code).toBe('forbidden');
    expect(caught(() => changeTaskStatus(retur, 'nope', 'FERDIG', veileder, now)).code).toBe('not_found');
    expect(caught(() => createTrack('x', 'TILTAK', leder, now)).code).toBe('forbidden');
    expect(caught(() => addTask(retur, { id: 'z', tittel: ' ', eier: 'veileder', frist: now }, veileder, now)).details).toEqual([
      { field: 'tittel', constraint: 'required' },
    ]);
  });

  it('lists overdue active tasks, oldest frist first, and never a finished one', () => {
    expect(overdueTasks(fixture(), now).map((t) => [t.id, t.trackKind])).toEqual([
      ['b', 'RETUR_ARBEID'],
      ['d', 'MEDISINSK_BEHANDLING'],
    ]);
    expect(overdueTasks(fixture(), d('2024-03-10')).map((t) => t.id)).toEqual([]);
  });

  it('hands over open tasks first (overdue first), then the closed history, then unanswered requests', () => {
    const summary = handoverSummary({
      tracks: fixture(),
      unansweredRequests: [
        { id: 'f2', tittel: 'Forespørsel om tilleggsopplysninger', mottaker: 'fastlege', sentAt: new Date('2024-03-01T08:00:00Z') },
        { id: 'f1', tittel: 'Forespørsel om funksjonsevne', mottaker: 'fastlege', sentAt: new Date('2024-02-20T08:00:00Z') },
      ],
      overforingsnotat: '  Sykmeldt ønsker gradert retur fra april. Vent på svar fra fastlege.  ',
      fraVeileder: 'Z990000',
      tilVeileder: 'Z990001',
      now,
    });
    expect(summary.tasks.map((t) => [t.id, t.status, t.overdue])).toEqual([
      ['b', 'APEN', true],
      ['d', 'PAGAR', true],
      ['a', 'APEN', false],
      ['e', 'AVBRUTT', false],
      ['c', 'FERDIG', false],
    ]);
    expect(summary.tasks[2].traadId).toBe('thread-9');
    expect(summary.unansweredRequests.map((r) => [r.id, r.ventetDager])).toEqual([
      ['f1', 29],
      ['f2', 19],
    ]);
    expect(summary.overforingsnotat).toBe('Sykmeldt ønsker gradert retur fra april. Vent på svar fra fastlege.');
  });

  it('requires a bounded overføringsnotat and a different receiving veileder', () => {
    const base = { tracks: [], unansweredRequests: [], fraVeileder: 'Z990000', tilVeileder: 'Z990001', now };
    expect(caught(() => handoverSummary({ ...base, overforingsnotat: '   ' })).details).toEqual([
      { field: 'overforingsnotat', constraint: 'required' },
    ]);
    expect(caught(() => handoverSummary({ ...base, overforingsnotat: 'Se saken' })).details).toEqual([
      { field: 'overforingsnotat', constraint: 'minLength' },
    ]);
    expect(caught(() => handoverSummary({ ...base, overforingsnotat: 'x'.repeat(4001) })).details).toEqual([
      { field: 'overforingsnotat', constraint: 'maxLength' },
    ]);
    expect(caught(() => handoverSummary({ ...base, tilVeileder: 'Z990000', overforingsnotat: 'Alt er i rute her.' })).details).toEqual([
      { field: 'tilVeileder', constraint: 'differentFromFraVeileder' },
    ]);
  });
});
