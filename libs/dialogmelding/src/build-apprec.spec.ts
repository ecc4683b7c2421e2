import { buildAppRec } from './build-apprec';

describe('buildAppRec', () => {
  it('writes an AppRec 1.0 avvist with 8221 codes, the reason as OT and the original message id', () => {
    const xml = buildAppRec({
      id: 'a-1',
      genDate: new Date('2024-03-11T10:00:00.000Z'),
      sender: { name: 'NAV', orgnr: '889640782', herId: '79768' },
      receiver: { name: 'Legesenteret', herId: '1234567' },
      original: { id: 'm-1', msgType: 'DIALOG_SVAR', issueDate: '2024-03-11T09:15:00' },
      status: 'AVVIST',
      errors: [{ code: 'X99', details: 'Kodeverk "8129" passer ikke' }],
    });
    expect(xml).toContain('<AppRec xmlns="http://www.kith.no/xmlstds/apprec/2004-11-21">');
    expect(xml).toContain('<MIGversion>1.0 2004-11-21</MIGversion>');
    expect(xml).toContain('<Status V="2" DN="Avvist"/>');
    expect(xml).toContain('<Error V="X99" S="2.16.578.1.12.4.1.1.8221" DN="Annen feil" OT="Kodeverk &quot;8129&quot; passer ikke"/>');
    expect(xml).toMatch(
      /<Inst>\s*<Name>NAV<\/Name>\s*<Id>889640782<\/Id>\s*<TypeId V="ENH" DN="Organisasjonsnummeret i Enhetsregisteret"\/>\s*<AdditionalId>\s*<Id>79768<\/Id>\s*<Type V="HER" DN="HER-id"\/>/,
    );
    expect(xml).toMatch(
      /<OriginalMsgId>\s*<MsgType V="DIALOG_SVAR"\/>\s*<IssueDate>2024-03-11T09:15:00<\/IssueDate>\s*<Id>m-1<\/Id>\s*<\/OriginalMsgId>/,
    );
  });

  it('writes an AppRec OK without Error elements', () => {
    const xml = buildAppRec({
      id: 'a-2',
      genDate: new Date('2024-03-11T10:00:00.000Z'),
      sender: { name: 'NAV', herId: '79768' },
      receiver: { name: 'Legesenteret', orgnr: '912345678', person: { name: 'Inga Valda', herId: '8123456' } },
      original: { id: 'm-2', msgType: 'DIALOG_NOTAT', msgTypeText: 'Notat', issueDate: '2024-03-11T09:15:00' },
      status: 'OK',
    });
    expect(xml).toContain('<Status V="1" DN="OK"/>');
    expect(xml).not.toContain('<Error');
    expect(xml).toMatch(/<HCPerson>\s*<Name>Inga Valda<\/Name>\s*<Id>8123456<\/Id>\s*<TypeId V="HER" DN="HER-id"\/>\s*<\/HCPerson>/);
  });
});
