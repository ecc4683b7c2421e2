import { contentDigest } from './content-digest';
import { parseInbound } from './parse-inbound';
import { expectDialogmelding, expectFailure, fixture } from './test-helpers';

const NESTED = 'nested-msghead-outer-without-patient.xml';
const text = (name: string) => fixture(name).toString('utf8');

describe('a MsgHead wrapped in the Document of another', () => {
  it('takes the patient from the head that carries the dialogmelding when the outer head names none', () => {
    const msg = expectDialogmelding(parseInbound(fixture(NESTED)));
    expect(msg.patient).toMatchObject({ fodselsnummer: '01010750160', fodselsnummerType: 'FNR', familyName: 'Nordmann' });
    // MsgId, sender and receiver stay the outer head's: that is the document the transport delivered and the AppRec answers.
    expect(msg.msgId).toBe('5b3e2f10-6c7d-4e8f-9a0b-1c2d3e4f5a6b');
    expect(msg.sender).toMatchObject({ herId: '1234567' });
    expect(msg.receiver).toMatchObject({ herId: '79768' });
    expect(msg.body?.notater[0]?.tekst).toBe('Henvendelse i innpakket melding; den ytre MsgHead har ingen pasient.');
  });

  it("takes the wrapped head's sender or receiver only where the outer head names none", () => {
    const outerOnly = text(NESTED).replace(/<Sender>[\s\S]*?<\/Sender>/, '');
    const msg = expectDialogmelding(parseInbound(outerOnly));
    expect(msg.sender).toMatchObject({ herId: '1234567', orgnr: '912345678' });
    const otherReceiver = text(NESTED).replace('<Id>79768</Id>', '<Id>12345</Id>');
    expect(expectDialogmelding(parseInbound(otherReceiver)).receiver.herId).toBe('12345');
  });

  it('refuses two heads naming different patients, and keeps E36 when neither names one', () => {
    const outerPatient = '<Patient><Ident><Id>31129912345</Id><TypeId V="FNR"/></Ident></Patient>';
    const two = text(NESTED).replace('</Receiver>', `</Receiver>${outerPatient}`);
    expect(expectFailure(parseInbound(two))).toMatchObject({ code: 'X99', reason: expect.stringMatching(/ulike pasienter/) });
    const same = text(NESTED).replace('</Receiver>', `</Receiver>${outerPatient.replace('31129912345', '01010750160')}`);
    expect(expectDialogmelding(parseInbound(same)).patient.fodselsnummer).toBe('01010750160');
    const none = text(NESTED).replace(/<Patient>[\s\S]*?<\/Patient>/, '');
    expect(expectFailure(parseInbound(none)).code).toBe('E36');
  });
});

describe('contentDigest', () => {
  const digest = (input: string | Buffer) => contentDigest(expectDialogmelding(parseInbound(input)));

  it('is the same for the same document re-encoded, re-indented or in another envelope', () => {
    const utf8 = text('dm11-notat-prefixed.xml');
    const first = digest(utf8);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(digest(Buffer.from(utf8.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'))).toBe(first);
    expect(digest(utf8.replace(/>\s+</g, '><'))).toBe(first);
    const body = utf8.replace(/^<\?xml[^>]*>\s*/, '');
    expect(
      digest(`<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>${body}</soap:Body></soap:Envelope>`),
    ).toBe(first);
    expect(digest(utf8.replace('2024-03-11T09:15:00', '2024-03-12T10:00:00'))).toBe(first);
  });

  it('differs when anything that would be stored differs: the text, the patient, the sender, an attachment', () => {
    const utf8 = text('dm11-notat-prefixed.xml');
    const first = digest(utf8);
    expect(digest(utf8.replace('Pasienten ønsker et møte', 'Pasienten ønsker ikke et møte'))).not.toBe(first);
    expect(digest(utf8.replace('01010750160', '31129912345'))).not.toBe(first);
    expect(digest(utf8.replace('<mh:Id>1234567</mh:Id>', '<mh:Id>7654321</mh:Id>'))).not.toBe(first);
    const nested = text('nested-msghead.xml');
    expect(digest(nested.replace('/9j/4GZha2VqcGVn/9k=', '/9j/4GZha2VqcGVn/9j='))).not.toBe(digest(nested));
  });
});

describe('a failure says when the document is an AppRec, so the hub never answers it with an AppRec', () => {
  const apprec = text('apprec-10-ok.xml');

  it('flags an AppRec without OriginalMsgId, one that is not well-formed, and one of an unknown version', () => {
    expect(expectFailure(parseInbound(apprec.replace(/<ns2:OriginalMsgId>[\s\S]*?<\/ns2:OriginalMsgId>/, '')))).toMatchObject({
      code: 'T02',
      appRec: true,
    });
    expect(expectFailure(parseInbound(apprec.replace('</ns2:Sender>', '')))).toMatchObject({ code: 'T01', appRec: true });
    expect(expectFailure(parseInbound(apprec.replace('http://www.kith.no/xmlstds/apprec/2004-11-21', 'urn:apprec:unknown')))).toMatchObject(
      { code: 'T10', appRec: true },
    );
  });

  it('does not flag a broken MsgHead, and reads its receiver for the hub to check first', () => {
    const broken = expectFailure(parseInbound(fixture('refuse-unknown-type.xml')));
    expect(broken.appRec).toBeUndefined();
    expect(broken.original?.receiver?.herId).toBe('79768');
    expect(expectFailure(parseInbound('<MsgHead><MsgInfo></MsgHead>')).appRec).toBeUndefined();
  });
});
