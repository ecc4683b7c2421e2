import { isValidFodselsnummer, maskFodselsnummer, withControlDigits } from './fodselsnummer';

describe('fødselsnummer', () => {
  it('accepts a number whose control digits hold and refuses one digit off', () => {
    const fnr = withControlDigits('010107501');
    expect(fnr).toBe('01010750160');
    expect(isValidFodselsnummer(fnr!)).toBe(true);
    const broken = fnr!.slice(0, 10) + String((Number(fnr![10]) + 1) % 10);
    expect(isValidFodselsnummer(broken)).toBe(false);
  });

  it('knows a published synthetic number', () => {
    // Skatteetaten's example fødselsnummer from the format description.
    expect(isValidFodselsnummer('01010750160')).toBe(true);
  });

  it('says when 9 digits have no valid completion', () => {
    // 010190123 gives a first control digit of 10, which no fødselsnummer can carry.
    expect(withControlDigits('010190123')).toBeNull();
  });

  it('refuses anything that is not 11 digits', () => {
    for (const v of ['', '0101075016', '010107501600', '0101075016a', ' 01010750160']) {
      expect(isValidFodselsnummer(v)).toBe(false);
    }
  });

  it('masks all but day and month', () => {
    expect(maskFodselsnummer('01010750160')).toBe('0101*******');
  });
});
