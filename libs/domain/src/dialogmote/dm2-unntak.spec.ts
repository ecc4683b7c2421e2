import type { Actor } from '../roles';
import type { Dialogmote } from './dialogmote';
import { avlys, conveneDialogmote } from './dialogmote';
import { dm2UnntakFor, isDm2Needed, isDm2UnntakArsak, registerDm2Unntak } from './dm2-unntak';
import { ferdigstill } from './referat';
import { caught } from '../caught.spec-helper';

const veileder: Actor = { role: 'veileder', sub: 'Z990000' };
const t0 = new Date('2024-06-01T10:00:00Z');

function dm2(): Dialogmote {
  return conveneDialogmote(
    { id: 'm2', kind: 'DM2', deltakere: ['sykmeldt', 'arbeidsgiver'], tidSted: { tid: new Date('2024-06-20T09:00:00Z'), sted: 'Hamar' } },
    veileder,
    t0,
  );
}

describe('DM2 unntak', () => {
  it('marks DM2 as not needed, once, and only by a veileder', () => {
    expect(isDm2Needed({ moter: [] })).toBe(true);
    const unntak = registerDm2Unntak(
      { moter: [] },
      { arsak: 'FORVENTET_FRISKMELDING_INNEN_28UKER', beskrivelse: ' Friskmelding i juli ' },
      veileder,
      t0,
    );
    expect(unntak).toEqual({ arsak: 'FORVENTET_FRISKMELDING_INNEN_28UKER', beskrivelse: 'Friskmelding i juli', by: 'Z990000', at: t0 });
    expect(isDm2Needed({ moter: [], unntak })).toBe(false);
    expect(caught(() => registerDm2Unntak({ moter: [], unntak }, { arsak: 'MEDISINSKE_GRUNNER' }, veileder, t0)).code).toBe('conflict');
    expect(caught(() => registerDm2Unntak({ moter: [] }, { arsak: 'MEDISINSKE_GRUNNER' }, { role: 'fastlege', sub: 'l' }, t0)).code).toBe(
      'forbidden',
    );
    expect(
      caught(() => registerDm2Unntak({ moter: [] }, { arsak: 'MEDISINSKE_GRUNNER', beskrivelse: 'x'.repeat(2001) }, veileder, t0)).details,
    ).toEqual([{ field: 'beskrivelse', constraint: 'maxLength' }]);
  });

  it('is refused while a DM2 is open and after one was held, but allowed after it was cancelled', () => {
    const open = dm2();
    expect(caught(() => registerDm2Unntak({ moter: [open] }, { arsak: 'INNLEGGELSE_INSTITUSJON' }, veileder, t0)).code).toBe('conflict');
    const [held] = ferdigstill(open, { situasjon: 's', konklusjon: 'k' }, veileder, t0);
    expect(isDm2Needed({ moter: [held] })).toBe(false);
    expect(caught(() => registerDm2Unntak({ moter: [held] }, { arsak: 'INNLEGGELSE_INSTITUSJON' }, veileder, t0)).code).toBe('conflict');
    const [avlyst] = avlys(dm2(), veileder, t0);
    expect(isDm2Needed({ moter: [avlyst] })).toBe(true);
    expect(registerDm2Unntak({ moter: [avlyst] }, { arsak: 'INNLEGGELSE_INSTITUSJON' }, veileder, t0).arsak).toBe(
      'INNLEGGELSE_INSTITUSJON',
    );
  });

  it('knows NAV’s reason codes and hides the reason from the arbeidsgiver', () => {
    expect(isDm2UnntakArsak('DOKUMENTERT_TILTAK_FRISKMELDING')).toBe(true);
    expect(isDm2UnntakArsak('GRADERT_AKTIVITET')).toBe(false);
    expect(isDm2UnntakArsak('FRISKMELDT')).toBe(false);
    const unntak = registerDm2Unntak({ moter: [] }, { arsak: 'MEDISINSKE_GRUNNER', beskrivelse: 'PLANTED' }, veileder, t0);
    expect(dm2UnntakFor('arbeidsgiver', unntak)).toEqual({ at: t0 });
    expect(dm2UnntakFor('fastlege', unntak)).toBeUndefined();
    expect(dm2UnntakFor('sykmeldt', unntak)).toEqual(unntak);
  });
});
