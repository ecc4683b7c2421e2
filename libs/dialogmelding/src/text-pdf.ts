/**
 * A small PDF 1.4 of text lines in Helvetica, for the referat a dialogmelding carries as its attachment (issue 21; NAV
 * sends the referat as a PDF). Pure and deterministic: the same input gives the same bytes. Helvetica is one of the
 * 14 standard fonts every reader has, so nothing is embedded; WinAnsiEncoding carries æøå and the usual punctuation.
 */
export interface TextPdfInput {
  title: string;
  /** Paragraphs; each is wrapped to the page width. An empty string is a blank line. */
  paragraphs: readonly string[];
}

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const FONT_SIZE = 11;
const LEADING = 15;
const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);
// Helvetica at 11 pt averages about 5.5 pt a character; 85 characters keep a line inside the margins.
const WRAP_AT = 85;

// WinAnsi (cp1252) bytes for the characters outside Latin-1 that Norwegian text uses; the rest of Latin-1 maps to itself.
const CP1252: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

function winAnsi(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (ch === '\t') bytes.push(0x20);
    else if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(CP1252[ch] ?? 0x3f);
  }
  return bytes;
}

/** A PDF string literal: backslash, parentheses escaped; bytes above 0x7e written as octal so the file stays ASCII. */
function pdfString(text: string): string {
  let out = '(';
  for (const b of winAnsi(text)) {
    if (b === 0x5c || b === 0x28 || b === 0x29) out += `\\${String.fromCharCode(b)}`;
    else if (b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

export function wrapLine(text: string, width = WRAP_AT): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    for (let w = word; w.length > 0;) {
      const room = line === '' ? width : width - line.length - 1;
      if (w.length <= room) {
        line = line === '' ? w : `${line} ${w}`;
        w = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  lines.push(line);
  return lines;
}

function contentStream(lines: readonly string[], bold: number): string {
  const ops = ['BT', `/F1 ${FONT_SIZE} Tf`, `${LEADING} TL`, `${MARGIN} ${PAGE_HEIGHT - MARGIN} Td`];
  lines.forEach((line, i) => {
    if (i < bold) ops.push(`/F2 ${FONT_SIZE + 3} Tf`);
    if (i === bold) ops.push(`/F1 ${FONT_SIZE} Tf`);
    ops.push(`${pdfString(line)} Tj`, 'T*');
  });
  ops.push('ET');
  return ops.join('\n');
}

/** The PDF's bytes: the title in bold on the first page, then the paragraphs, wrapped and paged. */
export function textPdf(input: TextPdfInput): Uint8Array {
  const body = input.paragraphs.flatMap((p) => (p === '' ? [''] : p.split(/\r?\n/).flatMap((l) => wrapLine(l))));
  const all = [input.title, '', ...body];
  const pages: string[][] = [];
  for (let i = 0; i < all.length; i += LINES_PER_PAGE) pages.push(all.slice(i, i + LINES_PER_PAGE));

  // Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, then a page and its content for each page.
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 5 + 2 * i);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const stream = contentStream(lines, i === 0 ? 1 : 0);
    objects[pageIds[i]] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`;
    objects[pageIds[i] + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });

  // The binary comment line tells transfer tools the file is binary (PDF 1.4, 7.5.2).
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
