import { textPdf, wrapLine } from './text-pdf';

function objectAt(pdf: string, offset: number): string {
  return pdf.slice(offset, pdf.indexOf('\n', offset));
}

describe('textPdf', () => {
  const pdf = Buffer.from(
    textPdf({ title: 'Referat fra dialogmøte', paragraphs: ['Situasjon: Blåbærsyltetøy (æøå ÆØÅ) – “ok”', '', 'x'.repeat(200)] }),
  ).toString('latin1');

  it('is a PDF whose cross-reference table points at each object', () => {
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(6);
    entries.forEach((offset, i) => expect(objectAt(pdf, offset)).toBe(`${i + 1} 0 obj`));
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)?.[1]);
    const start = pdf.indexOf('stream\n') + 'stream\n'.length;
    expect(pdf.slice(start + length, start + length + '\nendstream'.length)).toBe('\nendstream');
  });

  it('writes æøå, dashes and quotes as WinAnsi and escapes parentheses', () => {
    expect(pdf).toContain('/Encoding /WinAnsiEncoding');
    expect(pdf).toContain('(Referat fra dialogm\\370te) Tj');
    expect(pdf).toContain('(Situasjon: Bl\\345b\\346rsyltet\\370y \\(\\346\\370\\345 \\306\\330\\305\\) \\226 \\223ok\\224) Tj');
  });

  it('wraps long text and is deterministic', () => {
    expect(wrapLine('x'.repeat(200))).toEqual(['x'.repeat(85), 'x'.repeat(85), 'x'.repeat(30)]);
    expect(wrapLine('en to tre', 6)).toEqual(['en to', 'tre']);
    expect(textPdf({ title: 't', paragraphs: ['a'] })).toEqual(textPdf({ title: 't', paragraphs: ['a'] }));
  });

  it('pages text longer than a page', () => {
    const long = Buffer.from(textPdf({ title: 'T', paragraphs: Array.from({ length: 120 }, (_, i) => `linje ${i}`) })).toString('latin1');
    expect(/\/Count (\d+)/.exec(long)?.[1]).toBe('3');
  });
});
