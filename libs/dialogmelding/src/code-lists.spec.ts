import { APPREC_ERROR, APPREC_ERROR_CODES, appRecStatusOf, isAppRecErrorCode } from './apprec-codes';
import type { Kodeverk } from './code-lists';
import { DIALOG_KODEVERK, isKode, kodeTekst, kodeverkForOid, KODEVERK_OID_PREFIX, MOTESVAR_KODE } from './code-lists';

describe('code lists', () => {
  it('names each list by the KITH OID prefix plus its number', () => {
    for (const k of Object.keys(DIALOG_KODEVERK) as Kodeverk[]) {
      expect(DIALOG_KODEVERK[k].oid).toBe(`${KODEVERK_OID_PREFIX}${k}`);
      expect(kodeverkForOid(DIALOG_KODEVERK[k].oid)).toBe(k);
    }
    expect(kodeverkForOid('2.16.578.1.12.4.1.1.7322')).toBeUndefined();
  });

  it('gives the texts NAV uses for the values it knows', () => {
    expect(kodeTekst('8126', MOTESVAR_KODE.KOMMER)).toBe('Ja, jeg kommer');
    expect(kodeTekst('8125', '3')).toBe('Innkalling dialogmøte 3');
    expect(kodeTekst('8127', '4')).toBe('Avlysning dialogmøte');
    expect(kodeTekst('8128', '1')).toBe('Henvendelse om sykefraværsoppfølging');
    expect(kodeTekst('8129', '2')).toBe('Påminnelse forespørsel om pasient');
    expect(kodeTekst('9069', '5')).toBe('Svar på forespørsel');
    expect(kodeTekst('8127', '7')).toBeUndefined();
  });

  it('does not mistake Object.prototype names for codes', () => {
    expect(isKode('8126', 'constructor')).toBe(false);
    expect(kodeTekst('8126', 'toString')).toBeUndefined();
    expect(isAppRecErrorCode('hasOwnProperty')).toBe(false);
    expect(appRecStatusOf('constructor')).toBeUndefined();
  });

  it('exports the AppRec error codes the hub raises, with their 8221 texts', () => {
    expect(APPREC_ERROR_CODES[APPREC_ERROR.MOTTAKER_FINNES_IKKE]).toBe('Mottaker finnes ikke');
    expect(APPREC_ERROR_CODES[APPREC_ERROR.PASIENT_FINNES_IKKE]).toBe('Pasienten finnes ikke i mottakersystemet');
    expect(APPREC_ERROR_CODES[APPREC_ERROR.PASIENT_FNR_FEIL]).toBe('Pasientens fødselsnummer er feil');
    expect(APPREC_ERROR_CODES.T01).toBe("Ikke XML / ikke 'well formed' / uleselig");
    expect(APPREC_ERROR_CODES.X99).toBe('Annen feil');
    expect(appRecStatusOf('2')).toBe('AVVIST');
  });
});
