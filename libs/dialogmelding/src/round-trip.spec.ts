import { buildAppRec } from './build-apprec';
import { buildDialogmelding } from './build-dialogmelding';
import { FORESPORSEL_KODE, INNKALLING_KODE, MOTESVAR_KODE, NOTAT_FRA_NAV_KODE, SVAR_FORESPORSEL_KODE } from './code-lists';
import type { OutboundBody, OutboundDialogmelding } from './outbound-types';
import { parseInbound } from './parse-inbound';
import { expectAppRec, expectDialogmelding } from './test-helpers';

const NAV = { name: 'NAV', orgnr: '889640782', herId: '79768' };
const LEGEKONTOR = {
  name: 'Legesenteret Fjordgløtt AS',
  orgnr: '912345678',
  herId: '1234567',
  healthcareProfessional: { givenName: 'Inga', middleName: 'Fos', familyName: 'Valda', hprNummer: '9144889', herId: '8123456' },
};
const PATIENT = { fodselsnummer: '01010750160', givenName: 'Kari', familyName: 'Nordmann' };
// Text that needs escaping and keeps its lines: the parser must give back exactly this.
const TEKST = 'Hei <lege> & "kollega",\nmøtet er flyttet.\n  1. Ta med legeerklæring\n  2. Ring 55 55 55 55';

function message(body: OutboundBody, extra: Partial<OutboundDialogmelding> = {}): OutboundDialogmelding {
  return {
    msgId: 'a3c1f0de-5b6a-4c8e-9d2f-7e1b0c9a8d76',
    genDate: new Date('2024-03-11T09:15:00.000Z'),
    conversationRef: { refToParent: 'p-1', refToConversation: 'c-1' },
    sender: NAV,
    receiver: LEGEKONTOR,
    patient: PATIENT,
    body,
    ...extra,
  };
}

describe('build → parseInbound gives back what was built', () => {
  it('a forespørsel (innkalling to dialogmøte 2) with its author', () => {
    const msg = expectDialogmelding(
      parseInbound(
        buildDialogmelding(
          message({
            type: 'DIALOG_FORESPORSEL',
            typeForesp: { kodeverk: '8125', v: INNKALLING_KODE.INNKALLING_DM2 },
            sporsmal: TEKST,
            dokIdForesp: 'dok-1',
            forfatter: { givenName: 'Jon', familyName: 'Veileder' },
          }),
        ),
      ),
    );
    expect(msg.type).toBe('DIALOG_FORESPORSEL');
    expect(msg.msgId).toBe('a3c1f0de-5b6a-4c8e-9d2f-7e1b0c9a8d76');
    expect(msg.genDate).toBe('2024-03-11T09:15:00.000Z');
    expect(msg.ack).toEqual({ v: 'J', dn: 'Ja' });
    expect(msg.conversationRef).toEqual({ refToParent: 'p-1', refToConversation: 'c-1' });
    expect(msg.sender).toMatchObject({ name: 'NAV', orgnr: '889640782', herId: '79768' });
    expect(msg.receiver).toMatchObject({ name: 'Legesenteret Fjordgløtt AS', orgnr: '912345678', herId: '1234567' });
    expect(msg.receiver.healthcareProfessional).toMatchObject(LEGEKONTOR.healthcareProfessional);
    expect(msg.patient).toMatchObject({ ...PATIENT, fodselsnummerType: 'FNR' });
    expect(msg.body?.version).toBe('1.1');
    expect(msg.body?.notater).toEqual([]);
    expect(msg.body?.foresporsler).toEqual([
      {
        typeForesp: {
          v: '1',
          s: '2.16.578.1.12.4.1.1.8125',
          dn: 'Innkalling dialogmøte 2',
          kodeverk: '8125',
          tekst: 'Innkalling dialogmøte 2',
        },
        sporsmal: TEKST,
        dokIdForesp: 'dok-1',
        roller: [
          { rolleNotat: { v: '1', s: '2.16.578.1.12.4.1.1.9057', dn: 'Forfatter' }, person: { givenName: 'Jon', familyName: 'Veileder' } },
        ],
      },
    ]);
  });

  it('a påminnelse (8129 kode 2), without ConversationRef and Ack', () => {
    const result = parseInbound(
      buildDialogmelding(
        message(
          {
            type: 'DIALOG_FORESPORSEL',
            typeForesp: { kodeverk: '8129', v: FORESPORSEL_KODE.PAMINNELSE },
            sporsmal: 'Vi venter svar.',
            dokIdForesp: 'dok-2',
          },
          { conversationRef: undefined, ack: false },
        ),
      ),
    );
    const msg = expectDialogmelding(result);
    expect(msg.conversationRef).toBeUndefined();
    expect(msg.ack).toEqual({ v: 'N', dn: 'Nei' });
    expect(msg.body?.foresporsler[0]?.typeForesp).toMatchObject({ kodeverk: '8129', v: '2', tekst: 'Påminnelse forespørsel om pasient' });
    expect(msg.body?.foresporsler[0]?.sporsmal).toBe('Vi venter svar.');
    expect(result.kind === 'dialogmelding' && result.warnings).toEqual([]);
  });

  it('a notat from NAV with an attachment, to a patient with D-nummer', () => {
    const pdf = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const msg = expectDialogmelding(
      parseInbound(
        buildDialogmelding(
          message(
            {
              type: 'DIALOG_NOTAT',
              temaKodet: { kodeverk: '8127', v: NOTAT_FRA_NAV_KODE.AVLYSNING_DIALOGMOTE },
              tema: 'Avlyst møte',
              tekst: TEKST,
              dokIdNotat: 'dok-3',
              datoNotat: '2024-03-11',
            },
            {
              patient: { ...PATIENT, fodselsnummer: '41010750154' },
              attachments: [{ mimeType: 'application/pdf', description: 'Referat', content: pdf }],
            },
          ),
        ),
      ),
    );
    expect(msg.type).toBe('DIALOG_NOTAT');
    expect(msg.patient).toMatchObject({ fodselsnummer: '41010750154', fodselsnummerType: 'DNR' });
    expect(msg.body?.notater).toEqual([
      {
        temaKodet: { v: '4', s: '2.16.578.1.12.4.1.1.8127', dn: 'Avlysning dialogmøte', kodeverk: '8127', tekst: 'Avlysning dialogmøte' },
        tema: 'Avlyst møte',
        tekst: TEKST,
        dokIdNotat: 'dok-3',
        datoNotat: '2024-03-11',
        roller: [],
      },
    ]);
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ mimeType: 'application/pdf', description: 'Referat', byteSize: 300 });
    expect(msg.attachments[0]?.content.equals(pdf)).toBe(true);
  });

  it('a svar on a møteinnkalling quoting the innkalling', () => {
    const msg = expectDialogmelding(
      parseInbound(
        buildDialogmelding(
          message({
            type: 'DIALOG_SVAR',
            temaKodet: { kodeverk: '8126', v: MOTESVAR_KODE.KOMMER_IKKE },
            tekst: 'Jeg har vakt den dagen.',
            dokIdNotat: 'dok-4',
            foresporsel: {
              typeForesp: { kodeverk: '8125', v: INNKALLING_KODE.ENDRING_DM3 },
              sporsmal: 'Nytt tidspunkt',
              dokIdForesp: 'dok-1',
            },
          }),
        ),
      ),
    );
    expect(msg.type).toBe('DIALOG_SVAR');
    const notat = msg.body?.notater[0];
    expect(notat?.temaKodet).toMatchObject({ kodeverk: '8126', v: '3', tekst: 'Jeg kan ikke komme / begrunnelse for manglende oppmøte' });
    expect(notat?.tekst).toBe('Jeg har vakt den dagen.');
    expect(notat?.foresporsel).toEqual({
      typeForesp: { v: '4', s: '2.16.578.1.12.4.1.1.8125', dn: 'Endring dialogmøte 3', kodeverk: '8125', tekst: 'Endring dialogmøte 3' },
      sporsmal: 'Nytt tidspunkt',
      dokIdForesp: 'dok-1',
      roller: [],
    });
  });

  it('a svar on a forespørsel (9069)', () => {
    const msg = expectDialogmelding(
      parseInbound(
        buildDialogmelding(
          message({
            type: 'DIALOG_SVAR',
            temaKodet: { kodeverk: '9069', v: SVAR_FORESPORSEL_KODE.SVAR_PA_FORESPORSEL },
            tekst: 'Se vedlagt epikrise.',
            dokIdNotat: 'dok-5',
            foresporsel: { typeForesp: { kodeverk: '8129', v: FORESPORSEL_KODE.FORESPORSEL } },
          }),
        ),
      ),
    );
    expect(msg.body?.notater[0]?.temaKodet).toMatchObject({ kodeverk: '9069', v: '5' });
    expect(msg.body?.notater[0]?.foresporsel?.typeForesp).toMatchObject({ kodeverk: '8129', v: '1' });
    expect(msg.body?.notater[0]?.foresporsel?.sporsmal).toBeUndefined();
  });

  it('an AppRec OK', () => {
    const apprec = expectAppRec(
      parseInbound(
        buildAppRec({
          id: 'apprec-1',
          genDate: new Date('2024-03-11T10:00:00.000Z'),
          sender: { name: 'NAV', orgnr: '889640782', herId: '79768' },
          receiver: { name: 'Legesenteret Fjordgløtt AS', herId: '1234567', person: { name: 'Inga Fos Valda', hprNummer: '9144889' } },
          original: { id: 'msg-1', msgType: 'DIALOG_NOTAT', msgTypeText: 'Notat', issueDate: '2024-03-11T09:15:00' },
          status: 'OK',
        }),
      ),
    );
    expect(apprec).toEqual({
      version: '1.0',
      id: 'apprec-1',
      genDate: '2024-03-11T10:00:00.000Z',
      status: 'OK',
      errors: [],
      original: { id: 'msg-1', msgType: { v: 'DIALOG_NOTAT', dn: 'Notat' }, issueDate: '2024-03-11T09:15:00' },
      sender: {
        institution: {
          name: 'NAV',
          idents: [
            { id: '889640782', type: { v: 'ENH', dn: 'Organisasjonsnummeret i Enhetsregisteret' } },
            { id: '79768', type: { v: 'HER', dn: 'HER-id' } },
          ],
        },
      },
      receiver: {
        institution: { name: 'Legesenteret Fjordgløtt AS', idents: [{ id: '1234567', type: { v: 'HER', dn: 'HER-id' } }] },
        person: { name: 'Inga Fos Valda', idents: [{ id: '9144889', type: { v: 'HPR', dn: 'HPR-nummer' } }] },
      },
    });
  });

  it('an AppRec avvist with the failure reason of a refused message', () => {
    const refused = parseInbound('<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo/></MsgHead>');
    if (refused.kind !== 'failure') throw new Error('expected a failure');
    const apprec = expectAppRec(
      parseInbound(
        buildAppRec({
          id: 'apprec-2',
          genDate: new Date('2024-03-11T10:00:00.000Z'),
          sender: { name: 'NAV', herId: '79768' },
          receiver: { name: 'Legesenteret Fjordgløtt AS', herId: '1234567' },
          original: { id: 'msg-2', msgType: 'DIALOG_SVAR', issueDate: '2024-03-11T09:15:00' },
          status: 'AVVIST',
          errors: [{ code: refused.code, details: refused.reason }, { code: 'E21' }],
        }),
      ),
    );
    expect(apprec.status).toBe('AVVIST');
    expect(apprec.errors).toEqual([
      { v: 'E10', s: '2.16.578.1.12.4.1.1.8221', dn: 'Ugyldig meldingsidentifikator', ot: 'MsgInfo mangler MsgId / MsgInfo has no MsgId' },
      { v: 'E21', s: '2.16.578.1.12.4.1.1.8221', dn: 'Mottaker finnes ikke' },
    ]);
    expect(apprec.original).toEqual({ id: 'msg-2', msgType: { v: 'DIALOG_SVAR' }, issueDate: '2024-03-11T09:15:00' });
  });
});
