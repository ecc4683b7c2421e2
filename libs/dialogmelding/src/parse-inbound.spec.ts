import { parseInbound } from './parse-inbound';
import { expectAppRec, expectDialogmelding, fixture } from './test-helpers';

describe('parseInbound reads the messy forms found in the wild', () => {
  it('matches on namespace, not prefix (mh:/dia: prefixes, Dialogmelding 1.1)', () => {
    const result = parseInbound(fixture('dm11-notat-prefixed.xml'));
    const msg = expectDialogmelding(result);
    expect(msg.type).toBe('DIALOG_NOTAT');
    expect(msg.msgId).toBe('3f6e1c2a-0b7d-4c59-9a8e-1d2c3b4a5f60');
    expect(msg.genDate).toBe('2024-03-11T09:15:00');
    expect(msg.ack).toEqual({ v: 'J', dn: 'Ja' });
    expect(msg.conversationRef).toBeUndefined();
    expect(msg.body?.version).toBe('1.1');
    const notat = msg.body?.notater[0];
    expect(notat?.temaKodet).toMatchObject({ kodeverk: '8128', v: '1', tekst: 'Henvendelse om sykefraværsoppfølging' });
    expect(notat?.tekst).toBe('Pasienten ønsker et møte om tilrettelegging.');
    expect(notat?.dokIdNotat).toBe('OD2403110001');
    expect(notat?.datoNotat).toBe('2024-03-11');
    expect(result.kind === 'dialogmelding' && result.warnings).toEqual([]);
  });

  it('exposes sender, receiver and patient identifiers for the hub to check', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm11-notat-prefixed.xml')));
    expect(msg.sender).toMatchObject({ name: 'Legesenteret Fjordgløtt AS', orgnr: '912345678', herId: '1234567' });
    expect(msg.sender.healthcareProfessional).toMatchObject({
      givenName: 'Inga',
      middleName: 'Fos',
      familyName: 'Valda',
      hprNummer: '9144889',
      herId: '8123456',
    });
    expect(msg.receiver).toMatchObject({ name: 'NAV', orgnr: '889640782', herId: '79768' });
    expect(msg.patient).toMatchObject({
      fodselsnummer: '01010750160',
      fodselsnummerType: 'FNR',
      givenName: 'Kari',
      familyName: 'Nordmann',
    });
    expect(msg.patient.idents).toEqual([{ id: '01010750160', type: { v: 'FNR', s: '2.16.578.1.12.4.1.1.8116', dn: 'Fødselsnummer' } }]);
  });

  it('reads UTF-8 with a BOM, default namespaces, an EI_fellesformat wrapper and a Dialogmelding 1.0 svar', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm10-svar-motesvar-bom.xml')));
    expect(msg.type).toBe('DIALOG_SVAR');
    expect(msg.body?.version).toBe('1.0');
    expect(msg.conversationRef).toEqual({
      refToParent: '7e1b1a6e-3b9c-4d0e-9a5c-0f7c1d2e3f40',
      refToConversation: '5d0c9b8a-7f6e-4d3c-8b2a-1e0f9d8c7b6a',
    });
    const notat = msg.body?.notater[0];
    expect(notat?.temaKodet).toMatchObject({ kodeverk: '8126', v: '2', tekst: 'Jeg ønsker nytt møtetidspunkt' });
    expect(notat?.tekst).toBe('Kan ikke 14. mars, foreslår 21. mars kl 10.');
    expect(notat?.foresporsel?.typeForesp).toMatchObject({ kodeverk: '8125', v: '1', tekst: 'Innkalling dialogmøte 2' });
    expect(notat?.foresporsel?.sporsmal).toBe('NAV innkaller til dialogmøte 14.03.2024 kl 12:00.');
    expect(notat?.foresporsel?.roller).toEqual([
      { rolleNotat: { v: '1', s: '2.16.578.1.12.4.1.1.9057' }, person: { givenName: 'Jon', familyName: 'Veileder' } },
    ]);
  });

  it('decodes ISO-8859-1 declared in the XML declaration, æøå intact', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm11-notat-latin1.xml')));
    expect(msg.patient.givenName).toBe('Ærlig Åse');
    expect(msg.patient.familyName).toBe('Øvrebø');
    expect(msg.sender.name).toBe('Legesenteret Fjordgløtt AS');
    expect(msg.body?.notater[0]?.tekst).toBe('Blåbærsyltetøy på Ærøy; ønsker å snakke om tilrettelegging.');
  });

  it('reads a document without XML declaration as UTF-8', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm11-notat-no-declaration.xml')));
    expect(msg.body?.notater[0]?.temaKodet).toMatchObject({ kodeverk: '8128', v: '2' });
    expect(msg.body?.notater[0]?.tekst).toBe('Spørsmål om gradert sykmelding; svar ønskes innen fredag.');
  });

  it('finds the Dialogmelding in the second Document and the attachment in the first', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm11-notat-second-document.xml')));
    expect(msg.body?.notater[0]?.tekst).toBe('Epikrisen ligger ved.');
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ mimeType: 'application/pdf', description: 'Epikrise fra sykehuset', byteSize: 105 });
    expect(msg.attachments[0]?.content.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('accepts a message with only an attachment and no Dialogmelding', () => {
    const msg = expectDialogmelding(parseInbound(fixture('only-attachment.xml')));
    expect(msg.body).toBeUndefined();
    expect(msg.attachments.map((a) => [a.mimeType, a.description, a.byteSize])).toEqual([['application/pdf', 'Legeerklæring', 105]]);
  });

  it('reads a Dialogmelding 1.0 svar on a forespørsel with xsi:type text, trimming the indentation', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm10-svar-foresporsel.xml')));
    const notat = msg.body?.notater[0];
    expect(notat?.temaKodet).toEqual({
      v: '5',
      s: '2.16.578.1.12.4.1.1.9069',
      dn: 'Svar på forespørsel',
      ot: 'Ingen',
      kodeverk: '9069',
      tekst: 'Svar på forespørsel',
    });
    expect(notat?.tekst).toBe('Pasienten er under utredning hos ortoped.');
    expect(notat?.foresporsel?.typeForesp).toMatchObject({ kodeverk: '8129', v: '1' });
    expect(notat?.foresporsel?.sporsmal).toBe('Ønsker opplysninger om behandling.');
    expect(notat?.foresporsel?.dokIdForesp).toBe('OD1812186729156');
  });

  it('finds a MsgHead inside a SOAP envelope with an ebXML header', () => {
    const msg = expectDialogmelding(parseInbound(fixture('soap-wrapped-svar.xml')));
    expect(msg.msgId).toBe('55555555-6666-4777-8888-999999999999');
    expect(msg.body?.version).toBe('1.1');
    expect(msg.body?.notater[0]?.temaKodet).toMatchObject({ kodeverk: '9069', v: '5' });
    expect(msg.body?.notater[0]?.foresporsel?.typeForesp).toMatchObject({
      kodeverk: '8129',
      v: '2',
      tekst: 'Påminnelse forespørsel om pasient',
    });
  });

  it('accepts a svar without ConversationRef and says so in a warning', () => {
    const result = parseInbound(fixture('svar-without-conversation-ref.xml'));
    const msg = expectDialogmelding(result);
    expect(msg.conversationRef).toBeUndefined();
    expect(msg.body?.notater[0]?.temaKodet).toMatchObject({ kodeverk: '8126', v: '1', tekst: 'Ja, jeg kommer' });
    expect(result.kind === 'dialogmelding' && result.warnings).toEqual([
      'DIALOG_SVAR uten ConversationRef / DIALOG_SVAR without ConversationRef',
    ]);
  });

  it('tolerates codes without S or DN, reading the value against the lists the message type allows', () => {
    const result = parseInbound(fixture('codes-missing-s-dn.xml'));
    const msg = expectDialogmelding(result);
    expect(msg.type).toBe('DIALOG_NOTAT');
    expect(msg.patient.idents[0]?.type).toEqual({ v: 'FNR' });
    expect(msg.body?.notater[0]?.temaKodet).toEqual({ v: '2', kodeverk: '8128', tekst: 'Henvendelse om pasient som ikke er sykmeldt' });
    expect(result.kind === 'dialogmelding' && result.warnings).toEqual([
      'TemaKodet mangler S; lest som kodeverk 8128 / TemaKodet has no S; read as code list 8128',
    ]);
  });

  it('flattens XHTML free text to readable lines and skips head, title and style', () => {
    const msg = expectDialogmelding(parseInbound(fixture('xhtml-text.xml')));
    expect(msg.body?.notater[0]?.tekst).toBe('Første avsnitt med fet tekst.\n\nAndre avsnitt\nny linje\n\npunkt en\npunkt to');
  });

  it('decodes base64 wrapped over CRLF lines with indentation to the exact bytes', () => {
    const msg = expectDialogmelding(parseInbound(fixture('wrapped-base64.xml')));
    const expected = Buffer.from('Epikrise for pasienten. Innlagt 01.03, utskrevet 08.03.\n'.repeat(6), 'utf8');
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]?.mimeType).toBe('text/plain');
    expect(msg.attachments[0]?.byteSize).toBe(expected.length);
    expect(msg.attachments[0]?.content.equals(expected)).toBe(true);
  });

  it('reads a MsgHead wrapped inside a Document, ignoring a Foresporsel inside a notat', () => {
    const result = parseInbound(fixture('nested-msghead.xml'));
    const msg = expectDialogmelding(result);
    expect(msg.body?.notater[0]?.tekst).toBe('Notat fra innpakket melding.');
    expect(msg.body?.notater[0]?.foresporsel).toBeUndefined();
    expect(msg.attachments.map((a) => [a.mimeType, a.byteSize])).toEqual([['image/jpeg', 14]]);
    expect(result.kind === 'dialogmelding' && result.warnings).toContain(
      'Foresporsel inne i Notat i DIALOG_NOTAT er ignorert / Foresporsel inside a Notat in DIALOG_NOTAT was ignored',
    );
  });

  it('reads an AppRec 1.0 OK with a prefix inside EI_fellesformat', () => {
    const apprec = expectAppRec(parseInbound(fixture('apprec-10-ok.xml')));
    expect(apprec.version).toBe('1.0');
    expect(apprec.status).toBe('OK');
    expect(apprec.errors).toEqual([]);
    expect(apprec.id).toBe('c0a8f3e2-1111-4222-8333-444455556666');
    expect(apprec.original).toEqual({
      id: 'd97c669d-484b-42ef-b4e9-79d0f290a71f',
      msgType: { v: 'DIALOG_FORESPORSEL', dn: 'Forespørsel' },
      issueDate: '2024-03-11T09:00:00',
    });
    expect(apprec.sender?.institution).toEqual({
      name: 'Legesenteret Fjordgløtt AS',
      idents: [
        { id: '912345678', type: { v: 'ENH', dn: 'Organisasjonsnummeret i Enhetsregisteret' } },
        { id: '1234567', type: { v: 'HER', dn: 'HER-id' } },
      ],
    });
    expect(apprec.sender?.person).toEqual({ name: 'Valda Inga Fos', idents: [{ id: '9144889', type: { v: 'HPR', dn: 'HPR-nummer' } }] });
  });

  it('reads an AppRec 1.1 avvist with several errors and a HCProf sender', () => {
    const apprec = expectAppRec(parseInbound(fixture('apprec-11-avvist.xml')));
    expect(apprec.version).toBe('1.1');
    expect(apprec.status).toBe('AVVIST');
    expect(apprec.errors).toEqual([
      { v: 'E35', s: '2.16.578.1.12.4.1.1.8221', dn: 'Pasienten finnes ikke i mottakersystemet' },
      { v: 'X99', dn: 'Annen feil', ot: 'Pasienten er ikke lenger på listen' },
    ]);
    expect(apprec.original.id).toBe('0f1e2d3c-4b5a-4968-8776-655443322110');
    expect(apprec.sender?.person).toEqual({ name: 'Inga Fos Valda', idents: [{ id: '8123456', type: { v: 'HER' } }] });
    expect(apprec.receiver?.institution?.name).toBe('NAV');
  });

  it("reads NAV's DIALOG_FORESPØRSEL spelling as DIALOG_FORESPORSEL, with a warning", () => {
    const xml = fixture('refuse-foresporsel-in-notat.xml').toString('utf8').replace('V="DIALOG_NOTAT"', 'V="DIALOG_FORESPØRSEL"');
    const result = parseInbound(xml);
    const msg = expectDialogmelding(result);
    expect(msg.type).toBe('DIALOG_FORESPORSEL');
    expect(msg.body?.foresporsler[0]?.typeForesp).toMatchObject({ kodeverk: '8129', v: '1' });
    expect(result.kind === 'dialogmelding' && result.warnings).toEqual([
      'Type V="DIALOG_FORESPØRSEL" lest som DIALOG_FORESPORSEL / Type V read as DIALOG_FORESPORSEL',
    ]);
  });

  it('accepts the same document as a string', () => {
    const msg = expectDialogmelding(parseInbound(fixture('dm11-notat-prefixed.xml').toString('utf8')));
    expect(msg.msgId).toBe('3f6e1c2a-0b7d-4c59-9a8e-1d2c3b4a5f60');
  });
});
