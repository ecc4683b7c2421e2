import type { Actor } from '../roles';
import type { MotebehovSvar } from './motebehov';
import { isSvarBehovOpen, markBehandlet, submitMotebehov } from './motebehov';
import { caught } from '../caught.spec-helper';

const start = new Date('2024-01-01T00:00:00Z');
const sykmeldt: Actor = { role: 'sykmeldt', sub: 'sm-1' };
const leder: Actor = { role: 'arbeidsgiver', sub: 'leder-1' };
const veileder: Actor = { role: 'veileder', sub: 'Z990000' };
const ja: MotebehovSvar = {
  harMotebehov: true,
  begrunnelse: 'Trenger plan for tilrettelegging',
  onskerSykmelderDeltar: true,
  onskerTolk: false,
};

describe('møtebehov', () => {
  it('takes SVAR_BEHOV only from the end of week 16 up to the end of week 26, MELD_BEHOV any time', () => {
    const svar = (iso: string) => () =>
      submitMotebehov({ id: 'b', skjemaType: 'SVAR_BEHOV', svar: ja, forsteSykedag: start }, leder, new Date(iso));
    expect(caught(svar('2024-04-21T23:59:59.999Z')).code).toBe('conflict');
    expect(svar('2024-04-22T00:00:00.000Z')().innmelder).toBe('arbeidsgiver');
    expect(svar('2024-06-30T23:59:59.999Z')().skjemaType).toBe('SVAR_BEHOV');
    expect(caught(svar('2024-07-01T00:00:00.000Z')).code).toBe('conflict');
    expect(isSvarBehovOpen(start, new Date('2024-05-01T00:00:00Z'))).toBe(true);

    const early = submitMotebehov(
      { id: 'm', skjemaType: 'MELD_BEHOV', svar: ja, forsteSykedag: start },
      sykmeldt,
      new Date('2024-01-10T00:00:00Z'),
    );
    expect(early).toEqual({
      id: 'm',
      skjemaType: 'MELD_BEHOV',
      innmelder: 'sykmeldt',
      innmeldtAv: 'sm-1',
      svar: { harMotebehov: true, begrunnelse: 'Trenger plan for tilrettelegging', onskerSykmelderDeltar: true, onskerTolk: false },
      createdAt: new Date('2024-01-10T00:00:00Z'),
    });
  });

  it('requires tolkSprak exactly when a tolk is wished, and a begrunnelse for a yes to SVAR_BEHOV', () => {
    const at = new Date('2024-05-01T00:00:00Z');
    const submit =
      (svar: MotebehovSvar, skjemaType: 'SVAR_BEHOV' | 'MELD_BEHOV' = 'SVAR_BEHOV') =>
      () =>
        submitMotebehov({ id: 'b', skjemaType, svar, forsteSykedag: start }, sykmeldt, at);
    expect(caught(submit({ ...ja, onskerTolk: true, tolkSprak: '  ' })).details).toEqual([{ field: 'tolkSprak', constraint: 'required' }]);
    expect(caught(submit({ ...ja, tolkSprak: 'arabisk' })).details).toEqual([{ field: 'tolkSprak', constraint: 'onlyWithOnskerTolk' }]);
    expect(submit({ ...ja, onskerTolk: true, tolkSprak: ' arabisk ' })().svar.tolkSprak).toBe('arabisk');
    expect(caught(submit({ ...ja, begrunnelse: undefined })).details).toEqual([{ field: 'begrunnelse', constraint: 'required' }]);
    expect(caught(submit({ ...ja, begrunnelse: 'x'.repeat(1001) })).details).toEqual([{ field: 'begrunnelse', constraint: 'maxLength' }]);
    expect(submit({ ...ja, harMotebehov: false, begrunnelse: undefined })().svar).toEqual({
      harMotebehov: false,
      onskerSykmelderDeltar: true,
      onskerTolk: false,
    });
    expect(caught(submit({ ...ja, harMotebehov: false }, 'MELD_BEHOV')).details).toEqual([
      { field: 'harMotebehov', constraint: 'trueForMeldBehov' },
    ]);
    expect(caught(() => submitMotebehov({ id: 'b', skjemaType: 'MELD_BEHOV', svar: ja, forsteSykedag: start }, veileder, at)).code).toBe(
      'forbidden',
    );
  });

  it('is behandlet once, by a veileder', () => {
    const b = submitMotebehov(
      { id: 'b', skjemaType: 'MELD_BEHOV', svar: ja, forsteSykedag: start },
      leder,
      new Date('2024-02-01T00:00:00Z'),
    );
    const at = new Date('2024-02-02T09:00:00Z');
    const handled = markBehandlet(b, veileder, at);
    expect(handled.behandlet).toEqual({ by: 'Z990000', at });
    expect(b.behandlet).toBeUndefined();
    expect(caught(() => markBehandlet(handled, { role: 'veileder', sub: 'Z990001' }, at)).code).toBe('conflict');
    expect(caught(() => markBehandlet(b, leder, at)).code).toBe('forbidden');
  });
});
