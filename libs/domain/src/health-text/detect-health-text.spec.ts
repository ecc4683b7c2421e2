import { detectHealthText } from './detect-health-text';

const found = (text: string) => detectHealthText(text).health.map((h) => [h.category, text.slice(h.start, h.end)]);

describe('detectHealthText', () => {
  it("finds ICPC-2 and ICD-10 codes as written, with their offsets in the author's text", () => {
    const text = 'Vurdert L03, deretter M54.5 og F32.1.';
    expect(detectHealthText(text).health).toEqual([
      { category: 'kode', start: 8, end: 11 },
      { category: 'kode', start: 22, end: 27 },
      { category: 'kode', start: 31, end: 36 },
    ]);
  });

  it('does not take an organisation number, a date, a time, a room, a road or "ICD-10" itself for a code', () => {
    for (const text of [
      'Org.nr. 974760673',
      'Møtet er 12.03.2026 kl. 10.30',
      'Vi sees i rom B12',
      'Kjør E18 til Oslo',
      'Koden står i ICD-10 og ICPC-2',
      'Uke 12, A4-ark, Q3',
    ]) {
      expect(found(text)).toEqual([]);
    }
  });

  it('finds words in their inflected forms, in any case, including æøå', () => {
    expect(found('DEPRESJONEN er bedre; han var deprimert')).toEqual([
      ['diagnose', 'DEPRESJONEN'],
      ['diagnose', 'deprimert'],
    ]);
    expect(found('Sykehusinnleggelsen gikk greit')).toEqual([['behandling', 'Sykehusinnleggelsen']]);
    expect(found('Hun bruker antidepressiva')).toEqual([['legemiddel', 'antidepressiva']]);
  });

  it('matches a decomposed å the same as a composed one, keeping offsets in the original text', () => {
    const text = 'Ha\u030Andleddsbruddet gror';
    expect(detectHealthText(text).health).toEqual([{ category: 'diagnose', start: 0, end: 'Ha\u030Andleddsbruddet'.length }]);
  });

  it('matches whole words only', () => {
    expect(found('Programmet har en ny MRI-lignende funksjon, kreftene er brukt opp, mr. Hansen kommer')).toEqual([]);
    expect(found('Skal på MR neste uke')).toEqual([['undersokelse', 'MR']]);
  });

  it('finds compounds by their heads and first parts', () => {
    expect(found('Ryggoperasjonen er utsatt')).toEqual([['behandling', 'Ryggoperasjonen']]);
    expect(found('Han får angstdempende')).toEqual([['diagnose', 'angstdempende']]);
    expect(found('Saksbehandlingen og operasjonelle rutiner')).toEqual([]);
  });

  it('finds phrases of several words', () => {
    expect(found('Han har vondt i ryggen og er innlagt på sykehuset')).toEqual([
      ['tilstand', 'vondt i ryggen'],
      ['tilstand', 'innlagt på sykehuset'],
    ]);
  });

  it('keeps functional descriptions apart: found, but never health', () => {
    const f = detectHealthText('Kan ikke løfte over 10 kg og trenger hyppige pauser');
    expect(f.health).toEqual([]);
    expect(f.functional.length).toBe(2);
  });

  it('finds nothing in the sick-leave vocabulary every party uses', () => {
    expect(found('Sykmeldingen er gradert 50 %, sykefraværet følges opp og han er friskmeldt fra mandag')).toEqual([]);
  });
});
