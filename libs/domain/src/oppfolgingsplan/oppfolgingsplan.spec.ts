import type { Actor } from '../roles';
import type { PlanInnhold } from './oppfolgingsplan';
import {
  approveVersion,
  commentPlan,
  currentApprovedVersion,
  draftPlan,
  editPlan,
  isPlanApproved,
  isVersionApproved,
  shareVersion,
  versionsVisibleTo,
} from './oppfolgingsplan';
import { caught } from '../caught.spec-helper';

const leder: Actor = { role: 'arbeidsgiver', sub: 'leder-1' };
const sykmeldt: Actor = { role: 'sykmeldt', sub: 'sm-1' };
const lege: Actor = { role: 'fastlege', sub: 'lege-1' };
const t0 = new Date('2024-01-25T10:00:00Z');
const innhold: PlanInnhold = {
  arbeidsoppgaver: 'Kundebehandling',
  tilrettelegging: 'Hev-senk-pult',
  oppfolging: 'Samtale hver fredag',
  evalueringsdato: new Date('2024-03-01T00:00:00Z'),
};

describe('oppfølgingsplan', () => {
  it('walks draft → approve → edit → re-approve → share, keeping versions immutable and approvals per version', () => {
    expect(caught(() => draftPlan('p', innhold, sykmeldt, t0)).code).toBe('forbidden');
    let plan = draftPlan('p', innhold, leder, t0);
    plan = approveVersion(plan, 1, leder, t0);
    expect(isPlanApproved(plan)).toBe(false);
    plan = approveVersion(plan, 1, sykmeldt, t0);
    expect(isPlanApproved(plan)).toBe(true);
    expect(approveVersion(plan, 1, sykmeldt, t0)).toBe(plan);

    const v1 = plan.versjoner[0];
    plan = editPlan(plan, { ...innhold, tilrettelegging: 'Kortere dager' }, sykmeldt, new Date('2024-02-01T10:00:00Z'));
    expect(plan.versjoner.map((v) => [v.versjon, v.lagetAv, v.innhold.tilrettelegging])).toEqual([
      [1, 'arbeidsgiver', 'Hev-senk-pult'],
      [2, 'sykmeldt', 'Kortere dager'],
    ]);
    expect(plan.versjoner[0]).toBe(v1);
    expect(Object.isFrozen(v1) && Object.isFrozen(v1.innhold)).toBe(true);
    expect(isPlanApproved(plan)).toBe(false); // the edit cleared approval of the latest version
    expect(currentApprovedVersion(plan)?.versjon).toBe(1);
    expect(caught(() => approveVersion(plan, 1, leder, t0)).code).toBe('conflict');

    expect(caught(() => shareVersion(plan, 2, ['fastlege'], leder, t0)).code).toBe('conflict');
    plan = shareVersion(plan, 1, ['fastlege'], leder, t0);
    plan = approveVersion(approveVersion(plan, 2, leder, t0), 2, sykmeldt, t0);
    expect(isVersionApproved(plan, 2)).toBe(true);
    plan = shareVersion(plan, 2, ['nav', 'nav'], leder, t0);
    expect(shareVersion(plan, 2, ['nav'], leder, t0)).toBe(plan);
    expect(plan.delinger.map((d) => `${d.versjon}:${d.mottaker}`)).toEqual(['1:fastlege', '2:nav']);

    expect(versionsVisibleTo(plan, 'sykmeldt').map((v) => v.versjon)).toEqual([1, 2]);
    expect(versionsVisibleTo(plan, 'arbeidsgiver').map((v) => v.versjon)).toEqual([1, 2]);
    expect(versionsVisibleTo(plan, 'fastlege').map((v) => v.versjon)).toEqual([1]);
    expect(versionsVisibleTo(plan, 'veileder').map((v) => v.versjon)).toEqual([2]);
  });

  it('needs both approvals on the SAME version', () => {
    let plan = approveVersion(draftPlan('p', innhold, leder, t0), 1, leder, t0);
    plan = editPlan(plan, { ...innhold, oppfolging: 'Ukentlig' }, leder, t0);
    plan = approveVersion(plan, 2, sykmeldt, t0);
    expect(isVersionApproved(plan, 1)).toBe(false);
    expect(isVersionApproved(plan, 2)).toBe(false);
    expect(currentApprovedVersion(plan)).toBeUndefined();
    expect(caught(() => shareVersion(plan, 1, ['nav'], leder, t0)).code).toBe('conflict');
  });

  it('lets only the two parties edit and comment, and only the arbeidsgiver share', () => {
    const plan = approveVersion(approveVersion(draftPlan('p', innhold, leder, t0), 1, leder, t0), 1, sykmeldt, t0);
    expect(caught(() => editPlan(plan, innhold, lege, t0)).code).toBe('forbidden');
    expect(caught(() => commentPlan(plan, 1, 'Ser bra ut', lege, t0)).code).toBe('forbidden');
    expect(caught(() => shareVersion(plan, 1, ['fastlege'], sykmeldt, t0)).code).toBe('forbidden');
    expect(caught(() => commentPlan(plan, 9, 'Hei', sykmeldt, t0)).details).toEqual([{ field: 'versjon', constraint: 'unknown' }]);
    expect(commentPlan(plan, 1, ' Ok for meg ', sykmeldt, t0).kommentarer).toEqual([
      { versjon: 1, role: 'sykmeldt', by: 'sm-1', tekst: 'Ok for meg', at: t0 },
    ]);
    expect(caught(() => editPlan(plan, { ...innhold, arbeidsoppgaver: '' }, sykmeldt, t0)).details).toEqual([
      { field: 'arbeidsoppgaver', constraint: 'required' },
    ]);
    expect(caught(() => editPlan(plan, { ...innhold, evalueringsdato: t0 }, sykmeldt, t0)).details).toEqual([
      { field: 'evalueringsdato', constraint: 'future' },
    ]);
  });
});
