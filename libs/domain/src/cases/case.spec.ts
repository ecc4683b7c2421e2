import { assertStartDate, isValidOrgnr } from './case';

describe('first sick day', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('takes real days from 2000 to a year ahead and names the field otherwise', () => {
    expect(() => assertStartDate('2026-08-03', now)).not.toThrow();
    expect(() => assertStartDate('2027-11-23', now)).not.toThrow();
    for (const bad of ['9999-12-31', '1999-12-31', '2026-02-30', '2027-11-25']) {
      expect(() => assertStartDate(bad, now)).toThrow(
        expect.objectContaining({ details: [expect.objectContaining({ field: 'startDate' })] }),
      );
    }
  });
});

describe('orgnr', () => {
  it('checks the mod-11 control digit', () => {
    expect(isValidOrgnr('974760673')).toBe(true);
    expect(isValidOrgnr('974760674')).toBe(false);
    expect(isValidOrgnr('97476067')).toBe(false);
  });
});
