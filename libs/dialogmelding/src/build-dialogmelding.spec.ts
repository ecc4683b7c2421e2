import { buildDialogmelding } from './build-dialogmelding';
import type { OutboundDialogmelding } from './outbound-types';

const MSG: OutboundDialogmelding = {
  msgId: 'm-1',
  genDate: new Date('2024-03-11T09:15:00.000Z'),
  sender: { name: 'NAV', orgnr: '889640782', herId: '79768' },
  receiver: {
    name: 'Fjordgløtt & Sønn <AS>',
    herId: '1234567',
    healthcareProfessional: { givenName: 'Inga', familyName: 'Valda', hprNummer: '9144889' },
  },
  patient: { fodselsnummer: '01010750160', givenName: 'Kari', familyName: 'Nordmann' },
  body: { type: 'DIALOG_NOTAT', temaKodet: { kodeverk: '8127', v: '8' }, tekst: 'a\u0000b\rc\uD800 ]]> d', dokIdNotat: 'd-1' },
};

describe('buildDialogmelding', () => {
  it('writes a MsgHead 1.2 envelope with a Dialogmelding 1.1 body and codes carrying OID and text', () => {
    const xml = buildDialogmelding(MSG);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">')).toBe(
      true,
    );
    expect(xml).toContain('<Type V="DIALOG_NOTAT" DN="Notat"/>');
    expect(xml).toContain('<MIGversion>v1.2 2006-05-24</MIGversion>');
    expect(xml).toContain('<Ack V="J" DN="Ja"/>');
    expect(xml).toContain('<Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23">');
    expect(xml).toContain('<TemaKodet V="8" S="2.16.578.1.12.4.1.1.8127" DN="Melding fra NAV"/>');
    expect(xml).toContain('<TypeId V="HPR" S="2.16.578.1.12.4.1.1.8116" DN="HPR-nummer"/>');
    expect(xml).toContain('<TypeId V="FNR" S="2.16.578.1.12.4.1.1.8116" DN="Fødselsnummer"/>');
    expect(xml).not.toContain('ConversationRef');
  });

  it('escapes text, keeps CR as a reference and drops characters XML cannot carry', () => {
    const xml = buildDialogmelding(MSG);
    expect(xml).toContain('<OrganisationName>Fjordgløtt &amp; Sønn &lt;AS&gt;</OrganisationName>');
    expect(xml).toContain('<TekstNotatInnhold>ab&#13;c ]]&gt; d</TekstNotatInnhold>');
  });

  it('is deterministic: same input, same text', () => {
    expect(buildDialogmelding(MSG)).toBe(buildDialogmelding({ ...MSG }));
  });

  it('wraps attachment base64 at 76 characters in a Base64Container of its own namespace', () => {
    const xml = buildDialogmelding({ ...MSG, attachments: [{ mimeType: 'application/pdf', content: Buffer.alloc(200, 7) }] });
    expect(xml).toContain('<MsgType V="A" DN="Vedlegg"/>');
    const b64 = /<Base64Container xmlns="http:\/\/www.kith.no\/xmlstds\/base64container">([^<]*)<\/Base64Container>/.exec(xml)?.[1];
    expect(b64?.split('\n').map((l) => l.length)).toEqual([76, 76, 76, 40]);
  });
});
