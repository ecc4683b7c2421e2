import type { Actor } from '../roles';
import type { Dialogmote } from './dialogmote';
import { avlys, conveneDialogmote, mayConvene, nyttTidSted } from './dialogmote';
import { giveSvar } from './dialogmote-svar';
import { ferdigstill, referatFor, reviseReferat } from './referat';
import { changeStatus } from './dialogmote-status';
import { caught } from '../caught.spec-helper';

const veileder: Actor = { role: 'veileder', sub: 'Z990000' };
const leder: Actor = { role: 'arbeidsgiver', sub: 'leder-1' };
const sykmeldt: Actor = { role: 'sykmeldt', sub: 'sm-1' };
const lege: Actor = { role: 'fastlege', sub: 'lege-1' };
const t0 = new Date('2024-06-01T10:00:00Z');
const moteTid = new Date('2024-06-20T09:00:00Z');

function dm2(): Dialogmote {
  return conveneDialogmote(
    { id: 'm2', kind: 'DM2', deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'], tidSted: { tid: moteTid, sted: ' NAV Hamar ' } },
    veileder,
    t0,
  );
}

describe('convening', () => {
  it('lets only the arbeidsgiver convene DM1 and only NAV convene DM2 and DM3', () => {
    expect(mayConvene('DM1', 'arbeidsgiver')).toBe(true);
    expect(mayConvene('DM1', 'veileder')).toBe(false);
    expect(mayConvene('DM2', 'veileder')).toBe(true);
    expect(mayConvene('DM2', 'arbeidsgiver')).toBe(false);
    expect(mayConvene('DM3', 'veileder')).toBe(true);
    expect(mayConvene('DM3', 'fastlege')).toBe(false);
    const e = caught(() =>
      conveneDialogmote({ id: 'x', kind: 'DM2', deltakere: ['sykmeldt'], tidSted: { tid: moteTid, sted: 'Hamar' } }, leder, t0),
    );
    expect(e.code).toBe('forbidden');
  });

  it('adds the convener, trims the sted and refuses a past time or a missing party', () => {
    const m = dm2();
    expect(m.status).toBe('INNKALT');
    expect(m.innkaltAv).toBe('veileder');
    expect(m.deltakere).toEqual(['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder']);
    expect(m.tidSted).toEqual({ tid: moteTid, sted: 'NAV Hamar' });
    expect(
      caught(() => conveneDialogmote({ id: 'x', kind: 'DM1', deltakere: ['sykmeldt'], tidSted: { tid: t0, sted: 'Hamar' } }, leder, t0))
        .details,
    ).toEqual([{ field: 'tid', constraint: 'future' }]);
    expect(
      caught(() =>
        conveneDialogmote({ id: 'x', kind: 'DM2', deltakere: ['arbeidsgiver'], tidSted: { tid: moteTid, sted: 'H' } }, veileder, t0),
      ).details,
    ).toEqual([{ field: 'deltakere', constraint: 'required' }]);
  });
});

describe('svar', () => {
  it('records one svar per participant, clears them on a new time and refuses them once the møte is cancelled', () => {
    let m = dm2();
    m = giveSvar(m, sykmeldt, { type: 'NYTT_TID_STED', onske: ' Etter kl 12 ' }, new Date('2024-06-02T08:00:00Z'));
    m = giveSvar(m, leder, { type: 'KOMMER' }, new Date('2024-06-02T09:00:00Z'));
    m = giveSvar(m, leder, { type: 'KOMMER_IKKE' }, new Date('2024-06-02T10:00:00Z'));
    expect(m.svar.sykmeldt).toEqual({ type: 'NYTT_TID_STED', onske: 'Etter kl 12', by: 'sm-1', at: new Date('2024-06-02T08:00:00Z') });
    expect(m.svar.arbeidsgiver?.type).toBe('KOMMER_IKKE');
    expect(caught(() => giveSvar(m, veileder, { type: 'KOMMER' }, t0)).code).toBe('forbidden');
    expect(caught(() => giveSvar(m, leder, { type: 'KOMMER_IKKE', onske: 'syk' }, t0)).details).toEqual([
      { field: 'onske', constraint: 'onlyWithNyttTidSted' },
    ]);

    const [moved, change] = nyttTidSted(m, { tid: new Date('2024-06-21T12:00:00Z'), sted: 'Video' }, veileder, t0);
    expect(moved.status).toBe('NYTT_TID_STED');
    expect(moved.svar).toEqual({});
    expect(change.from).toBe('INNKALT');
    const answered = giveSvar(moved, lege, { type: 'KOMMER' }, t0);
    expect(answered.svar.fastlege?.type).toBe('KOMMER');

    const [avlyst] = avlys(answered, veileder, t0);
    const e = caught(() => giveSvar(avlyst, sykmeldt, { type: 'KOMMER' }, t0));
    expect(e.code).toBe('conflict');
    expect(caught(() => avlys(answered, leder, t0)).code).toBe('forbidden');
  });
});

describe('referat', () => {
  const referat = {
    situasjon: 'Jobber 50 %',
    konklusjon: 'Øker til 60 % fra august',
    arbeidstakerOppgave: 'Fortsette fysioterapi',
    arbeidsgiverOppgave: 'Tilrettelegge arbeidsstasjon',
    veilederOppgave: 'Vurdere tiltak',
    behandlerOppgave: 'PLANTED-henvise til MR',
  };

  it('exists only for a held møte and shows each role its own part plus situasjon and konklusjon', () => {
    const open = dm2();
    expect(referatFor('sykmeldt', open)).toBeUndefined();
    const [held] = ferdigstill(open, referat, veileder, t0);
    expect(held.status).toBe('FERDIGSTILT');

    const forLeder = referatFor('arbeidsgiver', held);
    expect(forLeder).toEqual({
      situasjon: 'Jobber 50 %',
      konklusjon: 'Øker til 60 % fra august',
      arbeidsgiverOppgave: 'Tilrettelegge arbeidsstasjon',
      skrevetAt: t0,
    });
    expect(JSON.stringify(forLeder)).not.toMatch(/PLANTED|behandler|fysioterapi/);
    expect(Object.keys(referatFor('fastlege', held) ?? {}).sort()).toEqual(['behandlerOppgave', 'konklusjon', 'situasjon', 'skrevetAt']);
    expect(referatFor('sykmeldt', held)?.behandlerOppgave).toBe('PLANTED-henvise til MR');
    expect(referatFor('veileder', held)?.veilederOppgave).toBe('Vurdere tiltak');

    const [closed] = changeStatus(held, 'LUKKET', 'Z990000', t0);
    expect(referatFor('arbeidsgiver', closed)?.konklusjon).toBe('Øker til 60 % fra august');
    expect(caught(() => reviseReferat(closed, referat, veileder, t0)).code).toBe('conflict');
  });

  it('refuses ferdigstilling of a cancelled møte and a referat without konklusjon', () => {
    const [avlyst] = avlys(dm2(), veileder, t0);
    expect(caught(() => ferdigstill(avlyst, referat, veileder, t0)).code).toBe('conflict');
    expect(caught(() => ferdigstill(dm2(), { ...referat, konklusjon: '  ' }, veileder, t0)).details).toEqual([
      { field: 'konklusjon', constraint: 'required' },
    ]);
    const revised = reviseReferat(ferdigstill(dm2(), referat, veileder, t0)[0], { ...referat, konklusjon: 'Ny' }, veileder, t0);
    expect(revised.referat?.konklusjon).toBe('Ny');
  });
});

describe('limit on requests for a new time (issue 21)', () => {
  it("counts each party's requests across new times and refuses one past the limit, leaving the time to the convener", () => {
    let m = conveneDialogmote(
      {
        id: 'm3',
        kind: 'DM2',
        deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
        tidSted: { tid: moteTid, sted: 'Hamar' },
        maksNyttTidOnsker: 1,
      },
      veileder,
      t0,
    );
    m = giveSvar(m, lege, { type: 'NYTT_TID_STED', onske: 'Etter kl 13' }, t0);
    expect(m.nyttTidOnsker).toEqual({ fastlege: 1 });
    [m] = nyttTidSted(m, { tid: new Date('2024-06-21T09:00:00Z'), sted: 'Hamar' }, veileder, t0);
    expect(m.svar).toEqual({});
    expect(caught(() => giveSvar(m, lege, { type: 'NYTT_TID_STED' }, t0)).code).toBe('conflict');
    expect(giveSvar(m, lege, { type: 'KOMMER' }, t0).svar.fastlege?.type).toBe('KOMMER');
    expect(giveSvar(m, sykmeldt, { type: 'NYTT_TID_STED' }, t0).nyttTidOnsker).toEqual({ fastlege: 1, sykmeldt: 1 });
    expect(
      caught(() =>
        conveneDialogmote(
          { id: 'x', kind: 'DM2', deltakere: ['sykmeldt', 'arbeidsgiver'], tidSted: { tid: moteTid, sted: 'H' }, maksNyttTidOnsker: 11 },
          veileder,
          t0,
        ),
      ).details,
    ).toEqual([{ field: 'maksNyttTidOnsker', constraint: 'range' }]);
  });
});
