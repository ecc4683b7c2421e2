import { Refusal } from './refusal';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, readXml } from './xml-reader';
import { elementChildren, textContent } from './xml-tree';

const LIMITS = { maxBytes: DEFAULT_MAX_BYTES, maxDepth: DEFAULT_MAX_DEPTH };

function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readXml', () => {
  it('builds the same tree whatever the prefixes', () => {
    const prefixed = readXml('<a:Root xmlns:a="urn:r"><a:Kid V="1"/></a:Root>', LIMITS).root;
    const defaulted = readXml('<Root xmlns="urn:r"><Kid V="1"/></Root>', LIMITS).root;
    for (const root of [prefixed, defaulted]) {
      expect([root.ns, root.name]).toEqual(['urn:r', 'Root']);
      const kid = elementChildren(root)[0];
      expect([kid?.ns, kid?.name, kid?.attributes.get('V')]).toEqual(['urn:r', 'Kid', '1']);
    }
  });

  it('keys unqualified attributes by local name and drops namespace declarations', () => {
    const { root } = readXml('<r xmlns="urn:r" xmlns:x="urn:x" V="1" x:S="2"/>', LIMITS);
    expect([...root.attributes.entries()]).toEqual([
      ['V', '1'],
      ['{urn:x}S', '2'],
    ]);
  });

  it('keeps CDATA as text', () => {
    expect(textContent(readXml('<r>a<![CDATA[<b>&]]>c</r>', LIMITS).root)).toBe('a<b>&c');
  });

  it('detects UTF-8 with BOM, UTF-16 with BOM, and the declared single-byte encodings', () => {
    const xml = (enc: string): string => `<?xml version="1.0" encoding="${enc}"?><r>æøå</r>`;
    const cases: [Buffer, string][] = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('UTF-8'))]), 'utf-8'],
      [Buffer.from(xml('ISO-8859-1'), 'latin1'), 'iso-8859-1'],
      [Buffer.from(xml('iso_8859-1'), 'latin1'), 'iso-8859-1'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml('UTF-16'), 'utf16le')]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xml('UTF-16'), 'utf16le').swap16()]), 'utf-16be'],
      [Buffer.from('<r>æøå</r>'), 'utf-8'],
    ];
    for (const [bytes, encoding] of cases) {
      const read = readXml(bytes, LIMITS);
      expect([read.encoding, textContent(read.root)]).toEqual([encoding, 'æøå']);
    }
  });

  it('reads windows-1252 so the euro sign and curly quotes survive', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1252"?><r>'),
      Buffer.from([0x80, 0x93, 0x8a, 0x9f, 0xe6]),
      Buffer.from('</r>'),
    ]);
    expect(textContent(readXml(bytes, LIMITS).root)).toBe('€“ŠŸæ');
  });

  it('tolerates whitespace before the declaration', () => {
    expect(readXml('\n  <?xml version="1.0"?><r/>', LIMITS).root.name).toBe('r');
  });

  it('refuses an encoding it does not know', () => {
    const refusal = refusalOf(() => readXml(Buffer.from('<?xml version="1.0" encoding="EBCDIC-XYZ"?><r/>'), LIMITS));
    expect(refusal.code).toBe('T01');
    expect(refusal.reason).toMatch(/Ukjent tegnsett/);
  });

  it('refuses any DOCTYPE, even one without entities', () => {
    expect(refusalOf(() => readXml('<!DOCTYPE r><r/>', LIMITS)).reason).toMatch(/DOCTYPE er ikke tillatt/);
  });

  it('counts depth from the root and accepts exactly the bound', () => {
    const nest = (n: number): string => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;
    expect(readXml(nest(3), { ...LIMITS, maxDepth: 3 }).root.name).toBe('a');
    expect(refusalOf(() => readXml(nest(4), { ...LIMITS, maxDepth: 3 })).code).toBe('T99');
  });

  it('measures a string by its UTF-8 bytes', () => {
    const text = `<r>${'ø'.repeat(10)}</r>`; // 17 characters, 27 bytes
    expect(readXml(text, { ...LIMITS, maxBytes: 27 }).root.name).toBe('r');
    expect(refusalOf(() => readXml(text, { ...LIMITS, maxBytes: 26 })).code).toBe('T99');
  });
});
