import { cleanFilename, defaultFileClassification, judgeFileType } from './file-rules';

describe('file rules', () => {
  it('keeps an allowed type whose name and header agree with the bytes', () => {
    expect(judgeFileType('application/pdf', 'erklaering.PDF', 'application/pdf')).toEqual({ ok: true, mimeType: 'application/pdf' });
    expect(judgeFileType('image/jpeg', 'pult.jpeg', 'application/octet-stream')).toEqual({ ok: true, mimeType: 'image/jpeg' });
    expect(judgeFileType('image/png', 'uten-endelse', undefined)).toEqual({ ok: true, mimeType: 'image/png' });
  });

  it('refuses bytes of no allowed type, and a name or header that claims another type', () => {
    expect(judgeFileType(undefined, 'epikrise.pdf', 'application/pdf')).toEqual({ ok: false, reason: 'notAllowedType' });
    expect(judgeFileType('application/zip', 'a.zip', undefined)).toEqual({ ok: false, reason: 'notAllowedType' });
    expect(judgeFileType('image/png', 'epikrise.pdf', 'application/pdf')).toEqual({ ok: false, reason: 'typeMismatch' });
    expect(judgeFileType('image/png', 'bilde.png', 'image/jpeg')).toEqual({ ok: false, reason: 'typeMismatch' });
    expect(judgeFileType('application/pdf', 'brev.html', undefined)).toEqual({ ok: false, reason: 'typeMismatch' });
  });

  it("classifies by the sender's role when the sender names nothing", () => {
    expect(defaultFileClassification('fastlege')).toBe('medical');
    expect(defaultFileClassification('sykmeldt')).toBe('health');
    expect(defaultFileClassification('arbeidsgiver')).toBe('open');
  });

  it('keeps only the base name, without control characters', () => {
    expect(cleanFilename('C:\\tmp\\..\\plan\u0007.pdf', 'vedlegg')).toBe('plan.pdf');
    expect(cleanFilename('  ', 'vedlegg-1')).toBe('vedlegg-1');
  });
});
