import { toCefLine } from './cef';

describe('CEF export line', () => {
  it('escapes separators and masks fødselsnummer-shaped ids', () => {
    const line = toCefLine(
      {
        id: 7,
        at: new Date('2026-11-01T10:00:00Z'),
        actorId: '01010750160',
        actorRole: 'sykmeldt',
        caseId: 'c-1',
        action: 'read',
        subjectType: 'Message|x',
        subjectIds: ['a=b', 'c'],
        decision: 'deny',
        channel: 'rest',
      },
      '0.1.0',
    );
    expect(line).toBe(
      'CEF:0|NAV|samhandling-hub|0.1.0|Message\\|x.read|read Message\\|x|5|rt=1793527200000 externalId=7 suser=0101******* cs1Label=role cs1=sykmeldt cs2Label=caseId cs2=c-1 act=read outcome=deny cs3Label=subjectIds cs3=a\\=b,c app=rest',
    );
  });
});

describe('CEF export of line breaks', () => {
  it('writes a lone CR, a LF and a CRLF as the escapes \\r and \\n in extension and header fields', () => {
    const line = toCefLine(
      {
        id: 8,
        at: new Date('2026-11-01T10:00:00Z'),
        actorId: 'a\rCEF:0|forged',
        actorRole: 'sykmeldt',
        caseId: 'c\n1',
        action: 'read',
        subjectType: 'Message\r\nX',
        subjectIds: ['s\r\nt'],
        decision: 'permit',
        channel: 'rest',
      },
      '0.1.0',
    );
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('suser=a\\rCEF:0|forged');
    expect(line).toContain('cs2=c\\n1');
    expect(line).toContain('cs3=s\\r\\nt');
    expect(line).toContain('|Message\\r\\nX.read|');
  });

  it('keeps a UUID subject whole and masks a fødselsnummer', () => {
    const line = toCefLine(
      {
        id: 9,
        at: new Date('2026-11-01T10:00:00Z'),
        actorId: '01010750160',
        actorRole: 'sykmeldt',
        caseId: 'c0ffee00-1234-4abc-8def-a01234567890',
        action: 'read',
        subjectType: 'Case',
        subjectIds: [],
        decision: 'permit',
        channel: 'rest',
      },
      '0.1.0',
    );
    expect(line).toContain('cs2=c0ffee00-1234-4abc-8def-a01234567890');
    expect(line).toContain('suser=0101*******');
  });
});
