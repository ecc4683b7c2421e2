import { parseInbound } from './parse-inbound';
import { expectFailure, fixture } from './test-helpers';

describe('parseInbound refuses what cannot be trusted, with an AppRec code and the reason', () => {
  it('refuses a DOCTYPE with an external entity (XXE) before anything is resolved', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-xxe.xml')));
    expect(failure.code).toBe('T99');
    expect(failure.codeText).toBe('Annen feil på format');
    expect(failure.reason).toMatch(/DOCTYPE er ikke tillatt/);
    expect(failure.reason).not.toMatch(/root:/); // nothing of /etc/passwd
  });

  it('refuses billion laughs quickly', () => {
    const started = Date.now();
    const failure = expectFailure(parseInbound(fixture('refuse-billion-laughs.xml')));
    expect(failure.code).toBe('T99');
    expect(failure.reason).toMatch(/DOCTYPE/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses input over the size bound without reading it, default 1 MiB, configurable', () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const failure = expectFailure(parseInbound(big));
    expect(failure.code).toBe('T99');
    expect(failure.reason).toMatch(/større enn 1048576 byte/);
    const small = expectFailure(parseInbound(fixture('dm11-notat-prefixed.xml'), { maxBytes: 100 }));
    expect(small.reason).toMatch(/larger than 100 bytes/);
  });

  it('refuses elements nested deeper than the bound', () => {
    const deep = `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`;
    const failure = expectFailure(parseInbound(deep));
    expect(failure.code).toBe('T99');
    expect(failure.reason).toMatch(/dypere enn 64 nivåer/);
    expect(parseInbound(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).toMatchObject({ kind: 'failure', code: 'T10' });
  });

  it('refuses what is not XML or not well-formed', () => {
    expect(expectFailure(parseInbound('Dette er ikke XML'))).toMatchObject({
      code: 'T01',
      codeText: "Ikke XML / ikke 'well formed' / uleselig",
    });
    const broken = expectFailure(parseInbound('<MsgHead><MsgInfo></MsgHead>'));
    expect(broken.code).toBe('T01');
    expect(broken.reason).toMatch(/ikke velformet/);
    expect(expectFailure(parseInbound('')).code).toBe('T01');
    expect(expectFailure(parseInbound('<a>&nbsp;</a>')).code).toBe('T01');
  });

  it('refuses bytes that are not the UTF-8 they claim to be', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>blåbær</a>', 'latin1');
    const failure = expectFailure(parseInbound(latin1));
    expect(failure.code).toBe('T01');
    expect(failure.reason).toMatch(/ikke gyldig UTF-8/);
  });

  it('refuses XML that holds neither a MsgHead nor an AppRec', () => {
    const failure = expectFailure(parseInbound('<Envelope xmlns="urn:x"><Body/></Envelope>'));
    expect(failure.code).toBe('T10');
    expect(failure.reason).toMatch(/verken MsgHead 1.2 eller AppRec/);
  });

  it('does not take an element named MsgHead in another namespace', () => {
    const failure = expectFailure(parseInbound('<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2004-01-01"/>'));
    expect(failure.code).toBe('T10');
  });

  it('refuses a missing MsgId with E10 and keeps what it could read for the AppRec', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-missing-msgid.xml')));
    expect(failure.code).toBe('E10');
    expect(failure.reason).toMatch(/mangler MsgId/);
    expect(failure.original).toMatchObject({ msgType: 'DIALOG_NOTAT', genDate: '2024-03-11T09:15:00' });
    expect(failure.original?.sender?.herId).toBe('1234567');
  });

  it('refuses an unknown message type with T10, naming it', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-unknown-type.xml')));
    expect(failure.code).toBe('T10');
    expect(failure.reason).toMatch(/Meldingstypen "DIALOG_HELSEFAGLIG" støttes ikke/);
    expect(failure.original?.msgId).toBe('00000000-1111-4222-8333-444444444444');
  });

  it('refuses a message without patient', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-no-patient.xml')));
    expect(failure.code).toBe('E36');
    expect(failure.reason).toMatch(/mangler pasient/);
  });

  it('refuses a patient without fødselsnummer or D-nummer', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-patient-without-fnr.xml')));
    expect(failure.code).toBe('E30');
    expect(failure.codeText).toBe('Pasientens fødselsnummer mangler');
    expect(failure.reason).toMatch(/ikke fødselsnummer eller D-nummer/);
  });

  it('refuses a Foresporsel body in a DIALOG_NOTAT', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-foresporsel-in-notat.xml')));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(/DIALOG_NOTAT kan ikke ha Foresporsel.*motsier meldingstypen/);
  });

  it('refuses a code system that does not fit the element (a forespørsel code as the theme of a svar)', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-wrong-oid.xml')));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(
      /TemaKodet med kodeverk S="2.16.578.1.12.4.1.1.8129" passer ikke i Notat \(DIALOG_SVAR\) \(ventet 8126, 9069\)/,
    );
  });

  it('refuses a svar code (8126) in a DIALOG_NOTAT', () => {
    const xml = fixture('dm11-notat-prefixed.xml')
      .toString('utf8')
      .replace('V="1" S="2.16.578.1.12.4.1.1.8128"', 'V="1" S="2.16.578.1.12.4.1.1.8126"');
    const failure = expectFailure(parseInbound(xml));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(/passer ikke i Notat \(DIALOG_NOTAT\) \(ventet 8128, 8127\)/);
  });

  it('refuses a DIALOG_FORESPORSEL whose body has no Foresporsel', () => {
    const xml = fixture('dm11-notat-prefixed.xml').toString('utf8').replace('V="DIALOG_NOTAT"', 'V="DIALOG_FORESPORSEL"');
    const failure = expectFailure(parseInbound(xml));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(/DIALOG_FORESPORSEL uten Foresporsel/);
  });

  it('refuses a code value that is not in its list', () => {
    const failure = expectFailure(parseInbound(fixture('refuse-unknown-code.xml')));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(/TemaKodet V="7" finnes ikke i kodeverk 8126/);
  });

  it('refuses a svar on a møteinnkalling that quotes a forespørsel om pasient', () => {
    const xml = fixture('dm10-svar-motesvar-bom.xml')
      .toString('utf8')
      .replace('<TypeForesp V="1" S="2.16.578.1.12.4.1.1.8125"', '<TypeForesp V="1" S="2.16.578.1.12.4.1.1.8129"');
    const failure = expectFailure(parseInbound(xml));
    expect(failure.reason).toMatch(
      /TypeForesp med kodeverk S="2.16.578.1.12.4.1.1.8129" passer ikke i Foresporsel \(svar 8126\) \(ventet 8125\)/,
    );
  });

  it('refuses an attachment that is not base64', () => {
    const xml = fixture('only-attachment.xml').toString('utf8').replace(/JVBER/, 'JV*ER');
    const failure = expectFailure(parseInbound(xml));
    expect(failure.code).toBe('X99');
    expect(failure.reason).toMatch(/Document 1 er ikke gyldig base64/);
  });

  it('refuses an AppRec that cannot be tied to an original message', () => {
    const xml = fixture('apprec-11-avvist.xml')
      .toString('utf8')
      .replace(/<OriginalMsgId>[\s\S]*<\/OriginalMsgId>/, '');
    const failure = expectFailure(parseInbound(xml));
    expect(failure.code).toBe('T02');
    expect(failure.reason).toMatch(/AppRec mangler OriginalMsgId/);
  });

  it('never puts the fødselsnummer in a reason', () => {
    for (const name of ['refuse-foresporsel-in-notat.xml', 'refuse-wrong-oid.xml', 'refuse-unknown-code.xml', 'refuse-missing-msgid.xml']) {
      expect(expectFailure(parseInbound(fixture(name))).reason).not.toContain('01010750160');
    }
  });
});
