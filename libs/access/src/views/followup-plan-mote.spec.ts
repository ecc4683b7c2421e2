import type { Actor, Case, Relation, Role, Seat } from '@hub/domain';
import {
  approveVersion,
  conveneDialogmote,
  draftPlan,
  editPlan,
  ferdigstill,
  giveSvar,
  REFERAT_PARTS,
  registerDm2Unntak,
  ROLES,
  shareVersion,
  submitMotebehov,
  versionsVisibleTo,
} from '@hub/domain';
import { defineAbility } from '../abilities';
import type { CaseAccess } from '../case-access';
import { toDialogmoteView } from './dialogmote.view';
import { toDm2UnntakView } from './dm2-unntak.view';
import { canReadMotebehov, toMotebehovView } from './motebehov.view';
import { toOppfolgingsplanView } from './oppfolgingsplan.view';
import { canRead } from './permitted';

const ORG = '974760673';
const OTHER_ORG = '910825518';
const c: Case = {
  id: 'case-1',
  sykmeldtFnr: '01010750160',
  sykmeldtId: 'syk-1',
  startDate: '2026-01-05',
  createdAt: new Date(0),
  lastSeq: 0,
};
const rel = (role: Role, partyId: string, orgnr?: string): Relation => ({
  id: `r-${partyId}`,
  caseId: c.id,
  role,
  partyId,
  orgnr,
  startedAt: new Date(0),
  startedBy: 'v',
});
const access: CaseAccess = {
  case: c,
  relations: [
    rel('sykmeldt', 'syk-1'),
    rel('arbeidsgiver', 'leder-1', ORG),
    rel('arbeidsgiver', 'leder-2', OTHER_ORG),
    rel('fastlege', 'lege-1'),
    rel('veileder', 'v-1'),
  ],
  consents: [],
  threads: [],
};
const SEAT: Record<Role, Seat> = { sykmeldt: 'sykmeldt', arbeidsgiver: `arbeidsgiver:${ORG}`, fastlege: 'fastlege', veileder: 'veileder' };
const ability = (role: Role) => defineAbility([SEAT[role]], access);
const actor = (role: Role): Actor => ({ role, sub: `${role}-1` });
const t0 = new Date('2026-05-01T10:00:00Z');
const innhold = (oppfolging: string) => ({
  arbeidsoppgaver: 'Telefon',
  tilrettelegging: 'Pult',
  oppfolging,
  evalueringsdato: new Date('2026-09-01T00:00:00Z'),
});

describe('follow-up views (oppfølgingsplan, dialogmøte, møtebehov)', () => {
  it('gives each role exactly the plan versions the domain says it may see', () => {
    let plan = draftPlan('p1', innhold('v1'), actor('arbeidsgiver'), t0);
    plan = approveVersion(plan, 1, actor('arbeidsgiver'), t0);
    plan = approveVersion(plan, 1, actor('sykmeldt'), t0);
    plan = shareVersion(plan, 1, ['fastlege'], actor('arbeidsgiver'), t0);
    plan = editPlan(plan, innhold('v2'), actor('sykmeldt'), t0);
    const record = { caseId: c.id, orgnr: ORG, createdAt: t0, plan };
    for (const role of ROLES) {
      const view = toOppfolgingsplanView(ability(role), role, record);
      expect({ role, versjoner: (view.versjoner ?? []).map((v) => v.versjon) }).toEqual({
        role,
        versjoner: versionsVisibleTo(plan, role).map((v) => v.versjon),
      });
    }
    expect(Object.keys(toOppfolgingsplanView(ability('fastlege'), 'fastlege', record)).sort()).toEqual(['createdAt', 'id', 'versjoner']);
    expect(canRead(ability('veileder'), 'Oppfolgingsplan', { caseId: c.id, orgnr: ORG, deltMed: ['fastlege'] })).toBe(false);
    // Another virksomhet's leader does not see this plan at all.
    expect(
      canRead(defineAbility([`arbeidsgiver:${OTHER_ORG}`], access), 'Oppfolgingsplan', { caseId: c.id, orgnr: ORG, deltMed: [] }),
    ).toBe(false);
  });

  it('gives each role its referat parts, and the wish text of a svar only to its writer, the convener and the sykmeldt', () => {
    const dm2 = conveneDialogmote(
      {
        id: 'm1',
        kind: 'DM2',
        deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
        tidSted: { tid: new Date('2026-06-01T09:00:00Z'), sted: 'NAV' },
      },
      actor('veileder'),
      t0,
    );
    const answered = giveSvar(dm2, actor('sykmeldt'), { type: 'NYTT_TID_STED', onske: 'Etter behandling' }, t0);
    const open = { caseId: c.id, orgnr: ORG, mote: answered };
    const onskeOf = (role: Role) => toDialogmoteView(ability(role), role, open).svar?.find((s) => s.role === 'sykmeldt')?.onske;
    expect([onskeOf('sykmeldt'), onskeOf('veileder'), onskeOf('arbeidsgiver'), onskeOf('fastlege')]).toEqual([
      'Etter behandling',
      'Etter behandling',
      undefined,
      undefined,
    ]);
    expect(toDialogmoteView(ability('arbeidsgiver'), 'arbeidsgiver', open).svar?.map((s) => s.type)).toEqual(['NYTT_TID_STED']);
    expect(toDialogmoteView(ability('fastlege'), 'fastlege', open).orgnr).toBeUndefined();

    const [held] = ferdigstill(
      answered,
      { situasjon: 's', konklusjon: 'k', arbeidstakerOppgave: 'a', arbeidsgiverOppgave: 'g', veilederOppgave: 'v', behandlerOppgave: 'b' },
      actor('veileder'),
      t0,
    );
    for (const role of ROLES) {
      const referat = toDialogmoteView(ability(role), role, { ...open, mote: held }).referat ?? {};
      expect(Object.keys(referat).sort()).toEqual([...REFERAT_PARTS[role], 'skrevetAt'].sort());
    }
    // The other virksomhet's leader is not in this møte.
    expect(
      canRead(defineAbility([`arbeidsgiver:${OTHER_ORG}`], access), 'Dialogmote', {
        caseId: c.id,
        orgnr: ORG,
        deltakere: ['arbeidsgiver'],
      }),
    ).toBe(false);
  });

  it("keeps the sykmeldt's begrunnelse and the DM2 unntak reason from the arbeidsgiver", () => {
    const svar = { harMotebehov: true, begrunnelse: 'Prolaps', onskerSykmelderDeltar: true, onskerTolk: false };
    const forsteSykedag = new Date('2026-01-05T00:00:00Z');
    const sykmeldts = {
      caseId: c.id,
      orgnr: null,
      motebehov: submitMotebehov({ id: 'b1', skjemaType: 'MELD_BEHOV', svar, forsteSykedag }, actor('sykmeldt'), t0),
    };
    const leders = {
      caseId: c.id,
      orgnr: ORG,
      motebehov: submitMotebehov(
        { id: 'b2', skjemaType: 'MELD_BEHOV', svar: { ...svar, begrunnelse: 'Turnus' }, forsteSykedag },
        actor('arbeidsgiver'),
        t0,
      ),
    };
    expect(Object.keys(toMotebehovView(ability('arbeidsgiver'), 'arbeidsgiver', sykmeldts)).sort()).toEqual([
      'behandletAt',
      'createdAt',
      'harMotebehov',
      'id',
      'innmelder',
      'skjemaType',
    ]);
    expect(toMotebehovView(ability('arbeidsgiver'), 'arbeidsgiver', leders).begrunnelse).toBe('Turnus');
    expect(toMotebehovView(ability('sykmeldt'), 'sykmeldt', leders).begrunnelse).toBe('Turnus');
    expect(toMotebehovView(ability('veileder'), 'veileder', sykmeldts).begrunnelse).toBe('Prolaps');
    expect(canReadMotebehov(ability('fastlege'), sykmeldts)).toBe(false);
    expect(canReadMotebehov(defineAbility([`arbeidsgiver:${OTHER_ORG}`], access), leders)).toBe(false);

    const unntak = registerDm2Unntak({ moter: [] }, { arsak: 'MEDISINSKE_GRUNNER', beskrivelse: 'Innlagt' }, actor('veileder'), t0);
    expect(toDm2UnntakView(ability('arbeidsgiver'), 'arbeidsgiver', c.id, unntak)).toEqual({ at: t0.toISOString() });
    expect(toDm2UnntakView(ability('fastlege'), 'fastlege', c.id, unntak)).toBeUndefined();
    expect(toDm2UnntakView(ability('sykmeldt'), 'sykmeldt', c.id, unntak)).toEqual({
      arsak: 'MEDISINSKE_GRUNNER',
      beskrivelse: 'Innlagt',
      by: 'veileder-1',
      at: t0.toISOString(),
    });
  });
});
