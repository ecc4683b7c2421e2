import type { SaxesTagNS } from 'saxes';
import { SaxesParser } from 'saxes';
import { refuse, safe } from './refusal';
import type { XmlElement, XmlNode } from './xml-tree';

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

export interface ReadLimits {
  /** Largest input accepted, in bytes (default 1 MiB). */
  maxBytes: number;
  /** Deepest element nesting accepted (default 64). */
  maxDepth: number;
}

export type XmlEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'iso-8859-1' | 'windows-1252' | 'iso-8859-15' | 'string';

export interface ReadXml {
  root: XmlElement;
  encoding: XmlEncoding;
  warnings: string[];
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

/** Decodes and parses, or throws a Refusal; never resolves entities, never reads a DTD. */
export function readXml(input: Buffer | string, limits: ReadLimits): ReadXml {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > limits.maxBytes) {
    refuse('T99', `Meldingen er større enn ${limits.maxBytes} byte`, `message is larger than ${limits.maxBytes} bytes`);
  }
  const warnings: string[] = [];
  const { text, encoding } = decode(input, warnings);
  // Whitespace before the declaration is an error in XML; EPJ exports do it, and it hides nothing.
  const root = buildTree(text.replace(/^\s+(?=<\?xml)/, ''), limits.maxDepth);
  return { root, encoding, warnings };
}

function decode(input: Buffer | string, warnings: string[]): { text: string; encoding: XmlEncoding } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'string' };
  if (startsWith(input, [0xef, 0xbb, 0xbf])) {
    const declared = declaredEncoding(input.subarray(3));
    if (declared && normalizeEncoding(declared) !== 'utf-8') {
      warnings.push(`BOM sier UTF-8, deklarasjonen sier ${safe(declared)}; BOM vinner / UTF-8 BOM overrides declared ${safe(declared)}`);
    }
    return { text: decodeUtf8(input.subarray(3)), encoding: 'utf-8' };
  }
  if (startsWith(input, [0xff, 0xfe])) return { text: input.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  if (startsWith(input, [0xfe, 0xff])) return { text: utf16be(input.subarray(2)), encoding: 'utf-16be' };
  const declared = declaredEncoding(input);
  const encoding = declared === undefined ? 'utf-8' : normalizeEncoding(declared);
  if (encoding === undefined) {
    refuse('T01', 'Ukjent tegnsett i XML-deklarasjonen', 'unknown encoding in the XML declaration');
  }
  return { text: decodeAs(input, encoding), encoding };
}

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

// The declaration is ASCII in every encoding we accept without a BOM, so latin1 reads it safely.
function declaredEncoding(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 256).toString('latin1');
  return /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
}

function normalizeEncoding(name: string): Exclude<XmlEncoding, 'string' | 'utf-16le' | 'utf-16be'> | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(n)) return 'utf-8';
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1'].includes(n)) return 'iso-8859-1';
  if (['windows-1252', 'cp1252'].includes(n)) return 'windows-1252';
  if (['iso-8859-15', 'iso8859-15', 'latin-9'].includes(n)) return 'iso-8859-15';
  return undefined;
}

function decodeAs(buf: Buffer, encoding: Exclude<XmlEncoding, 'string' | 'utf-16le' | 'utf-16be'>): string {
  switch (encoding) {
    case 'utf-8':
      return decodeUtf8(buf);
    case 'iso-8859-1':
      return buf.toString('latin1');
    case 'windows-1252':
      return windows1252(buf);
    case 'iso-8859-15':
      return new TextDecoder(encoding).decode(buf);
  }
}

function decodeUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return refuse(
      'T01',
      'Meldingen er ikke gyldig UTF-8; oppgi riktig encoding i XML-deklarasjonen',
      'message is not valid UTF-8; declare its encoding in the XML declaration',
    );
  }
}

// Node 20's TextDecoder drops 0x80-0x9F for windows-1252, so those bytes are mapped here (WHATWG table;
// the five unassigned bytes stay as their C1 code points).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function windows1252(buf: Buffer): string {
  return buf.toString('latin1').replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function utf16be(buf: Buffer): string {
  const even = Buffer.from(buf.subarray(0, buf.length - (buf.length % 2)));
  return even.swap16().toString('utf16le');
}

interface OpenElement extends XmlElement {
  readonly children: XmlNode[];
}

function buildTree(text: string, maxDepth: number): XmlElement {
  const parser = new SaxesParser<{ xmlns: true; position: true }>({ xmlns: true, position: true });
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  parser.on('doctype', () =>
    refuse('T99', 'DOCTYPE er ikke tillatt (DTD og entiteter leses aldri)', 'DOCTYPE is not allowed (no DTD, no entities)'),
  );
  parser.on('error', (e) => refuse('T01', `XML er ikke velformet: ${e.message}`, `XML is not well-formed: ${e.message}`));
  parser.on('opentag', (tag) => {
    if (stack.length >= maxDepth) {
      refuse('T99', `Elementer er nøstet dypere enn ${maxDepth} nivåer`, `elements are nested deeper than ${maxDepth} levels`);
    }
    const el: OpenElement = { ns: tag.uri, name: tag.local, attributes: attributesOf(tag), children: [] };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    const closed = stack.pop();
    if (stack.length === 0) root = closed;
  });
  const addText = (t: string): void => appendText(stack.at(-1), t);
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(text).close();
  if (!root) return refuse('T01', 'Meldingen inneholder ikke XML', 'message contains no XML');
  return root;
}

function attributesOf(tag: SaxesTagNS): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of Object.values(tag.attributes)) {
    if (a.uri === XMLNS_URI || a.name === 'xmlns') continue;
    out.set(a.uri ? `{${a.uri}}${a.local}` : a.local, a.value);
  }
  return out;
}

function appendText(parent: OpenElement | undefined, text: string): void {
  if (!parent) return; // whitespace around the root; saxes already refuses anything else there
  const last = parent.children.length - 1;
  const prev = parent.children[last];
  if (typeof prev === 'string') parent.children[last] = prev + text;
  else parent.children.push(text);
}
