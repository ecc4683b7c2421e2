import { toCefLine } from './cef';

describe('CEF export line', () => {
  it('escapes separators and masks fødselsnummer-shaped ids', () => {
    const line = toCefLine(
      { id: 7, at: new Date('2026-11-01T10:00:00Z'), actorId: '01010750160', actorRole: 'sykmeldt', caseId: 'c-1', action: 'read', subjectType: 'Message|x', subjectIds: ['a=b', 'c'], decision: 'deny', channel: 'rest' },
      '0.1.0',
    );
    expect(line).toBe(
      'CEF:0|NAV|samhandling-hub|0.1.0|Message\\|x.read|read Message\\|x|5|rt=1793527200000 externalId=7 suser=0101******* cs1Label=role cs1=sykmeldt cs2Label=caseId cs2=c-1 act=read outcome=deny cs3Label=subjectIds cs3=a\\=b,c app=rest',
    );
  });
});
