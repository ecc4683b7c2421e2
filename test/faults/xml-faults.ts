import fc from 'fast-check';
import { NS } from '@hub/dialogmelding';

/**
 * One fault per run, as plain data so fast-check prints and shrinks it. Positions are fractions of the document
 * (0..SCALE-1), so one fault means the same place in every document and shrinks towards its start.
 */
export type XmlFault =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'encoding'; label: string }
  | { kind: 'dropElement'; pick: number }
  | { kind: 'renameElement'; pick: number; name: string }
  | { kind: 'namespace'; pick: number; uri: string }
  | { kind: 'repeatMsgId'; pick: number }
  | { kind: 'patient'; to: PatientSwap; raw: string }
  | { kind: 'doctype'; variant: number; pick: number }
  | { kind: 'entityRef'; pick: number; ref: string }
  | { kind: 'contentType'; type: string };

export const XML_FAULT_KINDS = [
  'flip',
  'insert',
  'delete',
  'truncate',
  'duplicate',
  'encoding',
  'dropElement',
  'renameElement',
  'namespace',
  'repeatMsgId',
  'patient',
  'doctype',
  'entityRef',
  'contentType',
] as const;

/**
 * Whose fødselsnummer the patient gets: another patient of the same fastlege (filed there), a patient of another
 * fastlege and one the hub does not know (E35 both, the same answer), the right one with a wrong control digit (E31),
 * or `raw` text.
 */
export type PatientSwap = 'otherCase' | 'stranger' | 'unknown' | 'badControl' | 'raw';

const SCALE = 10_000;
const at = fc.nat(SCALE - 1);
const place = (fraction: number, length: number) => Math.floor((fraction * length) / SCALE);

/** What apply() needs that only the running test knows. */
export interface XmlContext {
  /** The patient's fødselsnummer as it stands in the base document. */
  fnr: string;
  patients: Record<Exclude<PatientSwap, 'raw'>, string>;
  /** MsgIds the hub accepted before the property ran (their AppRecs are known). */
  accepted: readonly string[];
  /** This run's fresh MsgId in the base document, if it has one. */
  msgId?: string;
}

export const XML_TYPES = [
  'application/xml',
  'text/xml',
  'application/soap+xml; charset=utf-8',
  'application/xml; charset=ISO-8859-1',
  'Application/XML',
] as const;
const OTHER_TYPES = [
  'application/json',
  'text/plain',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/html',
];

const DOCTYPES: readonly { decl: string; ref?: string }[] = [
  { decl: '<!DOCTYPE MsgHead>' },
  { decl: '<!DOCTYPE MsgHead SYSTEM "http://127.0.0.1:9/msghead.dtd">' },
  { decl: '<!DOCTYPE MsgHead PUBLIC "-//KITH//DTD MsgHead//NO" "msghead.dtd">' },
  { decl: '<!DOCTYPE MsgHead [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', ref: '&xxe;' },
  { decl: '<!DOCTYPE MsgHead [<!ENTITY navn "Kari">]>', ref: '&navn;' },
  {
    decl: `<!DOCTYPE MsgHead [<!ENTITY l0 "lol">${[1, 2, 3, 4, 5, 6].map((i) => `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`).join('')}]>`,
    ref: '&l6;',
  },
  { decl: '<!DOCTYPE MsgHead [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>' },
];

export const ENTITY_REFS = [
  '&undefined;',
  '&#0;',
  '&#xD800;',
  '&#x110000;',
  '&#xFFFE;',
  '&#12345678901234567890;',
  '&',
  '&#;',
  '&#x;',
  '&lt;',
  '&#65;',
  '&amp;',
  '&#x0A;',
  '&xxe;',
];

const ELEMENT_NAMES = fc.oneof(
  fc.constantFrom(
    'MsgId',
    'Patient',
    'Sender',
    'Receiver',
    'Type',
    'MsgInfo',
    'Document',
    'Dialogmelding',
    'Notat',
    'AppRec',
    'MsgHead',
    'Id',
    'TypeId',
    'Content',
    'RefDoc',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/),
  fc.constantFrom('1bad', 'a b', 'a>b', '', 'ø', 'xml:lang', 'x:y:z'),
);

const URIS = fc.oneof(
  fc.constantFrom(...Object.values(NS)),
  fc.constantFrom(
    '',
    'urn:x',
    `${NS.MSGHEAD} `,
    NS.MSGHEAD.toUpperCase(),
    'http://www.kith.no/xmlstds/msghead/2006-05-25',
    'constructor',
    '__proto__',
    '"',
    '&amp;',
    '<',
  ),
  fc.webUrl(),
);

const ENCODINGS = fc.oneof(
  fc.constantFrom(
    'UTF-8',
    'utf8',
    'ISO-8859-1',
    'latin1',
    'windows-1252',
    'ISO-8859-15',
    'UTF-16',
    'UTF-16LE',
    'UTF-16BE',
    'UTF-32',
    'US-ASCII',
    'EBCDIC-US',
    'Shift_JIS',
    'x-unknown',
    '',
    'constructor',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,20}$/),
);

const FNR_TEXT = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '00000000000',
    '0101075016',
    '010107501600',
    'abcdefghijk',
    '01010750160',
    '41010750160',
    ' 0101075016 ',
    '&#48;1010750160',
    '٠١٠١٠٧٥٠١٦٠',
  ),
  fc.stringMatching(/^[0-9]{11}$/),
);

/** Every fault kind, each about as likely as the others (or only the kinds named). */
export function xmlFaults(wanted: (kind: string) => boolean = () => true): fc.Arbitrary<XmlFault> {
  const all: Record<(typeof XML_FAULT_KINDS)[number], fc.Arbitrary<XmlFault>> = {
    flip: fc.record({ at, mask: fc.integer({ min: 1, max: 255 }) }).map((r): XmlFault => ({ kind: 'flip', ...r })),
    insert: fc
      .record({
        at,
        bytes: fc.oneof(
          fc.array(fc.nat(255), { minLength: 1, maxLength: 8 }),
          fc
            .constantFrom('<', '>', '&', '"', '\u0000', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '</MsgHead>', '<x>', '\r\n')
            .map((s) => [...Buffer.from(s, 'utf8')]),
          fc.constantFrom('ff', 'fe', 'c3', 'eda080', 'efbbbf', 'f4908080').map((hex) => [...Buffer.from(hex, 'hex')]),
        ),
      })
      .map((r): XmlFault => ({ kind: 'insert', ...r })),
    delete: fc.record({ at, length: fc.integer({ min: 1, max: 64 }) }).map((r): XmlFault => ({ kind: 'delete', ...r })),
    truncate: at.map((a): XmlFault => ({ kind: 'truncate', at: a })),
    duplicate: fc.record({ at, length: fc.integer({ min: 1, max: 512 }), to: at }).map((r): XmlFault => ({ kind: 'duplicate', ...r })),
    encoding: ENCODINGS.map((label): XmlFault => ({ kind: 'encoding', label })),
    dropElement: fc.nat(999).map((pick): XmlFault => ({ kind: 'dropElement', pick })),
    renameElement: fc.record({ pick: fc.nat(999), name: ELEMENT_NAMES }).map((r): XmlFault => ({ kind: 'renameElement', ...r })),
    namespace: fc.record({ pick: fc.nat(99), uri: URIS }).map((r): XmlFault => ({ kind: 'namespace', ...r })),
    repeatMsgId: fc.nat(99).map((pick): XmlFault => ({ kind: 'repeatMsgId', pick })),
    patient: fc
      .oneof(
        fc.constantFrom<PatientSwap>('otherCase', 'stranger', 'unknown', 'badControl').map((to) => ({ to, raw: '' })),
        FNR_TEXT.map((raw) => ({ to: 'raw' as const, raw })),
      )
      .map((r): XmlFault => ({ kind: 'patient', ...r })),
    doctype: fc.record({ variant: fc.nat(DOCTYPES.length - 1), pick: fc.nat(999) }).map((r): XmlFault => ({ kind: 'doctype', ...r })),
    entityRef: fc.record({ pick: fc.nat(999), ref: fc.constantFrom(...ENTITY_REFS) }).map((r): XmlFault => ({ kind: 'entityRef', ...r })),
    contentType: fc.constantFrom(...OTHER_TYPES, ...XML_TYPES).map((type): XmlFault => ({ kind: 'contentType', type })),
  };
  const left = XML_FAULT_KINDS.filter(wanted).map((k) => all[k]);
  if (left.length === 0) throw new Error('no fault kind left');
  return fc.oneof(...left);
}

interface ElementSpan {
  /** The qualified name as written. */
  qname: string;
  start: number;
  /** Just after the start tag's `>`. */
  contentStart: number;
  /** Where the end tag starts (= end for an empty element). */
  endTagStart: number;
  end: number;
}

const TOKENS =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** The elements of a well-formed document (as one byte per character), outermost first. */
export function elementsOf(text: string): ElementSpan[] {
  const out: ElementSpan[] = [];
  const open: ElementSpan[] = [];
  for (const m of text.matchAll(TOKENS)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[2] !== undefined) {
      const span: ElementSpan = { qname: m[2], start, contentStart: end, endTagStart: end, end };
      out.push(span);
      if (m[3] !== '/') open.push(span);
    } else if (m[1] !== undefined) {
      const span = open.pop();
      if (span) Object.assign(span, { endTagStart: start, end });
    }
  }
  return out;
}

/** Latin-1 keeps one character per byte, so offsets in the text are offsets in the bytes. */
const bytesOf = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** After the BOM and the XML declaration, where a DOCTYPE goes. */
function prologEnd(text: string): number {
  const m = /^(\xEF\xBB\xBF)?\s*(<\?xml[\s\S]*?\?>)?/.exec(text);
  return m ? m[0].length : 0;
}

/** The document with the fault applied, and the Content-Type it goes with. */
export function applyXmlFault(doc: Buffer, fault: XmlFault, ctx: XmlContext): { body: Buffer; contentType: string } {
  let text = doc.toString('latin1');
  let contentType: string = XML_TYPES[0];
  const n = text.length;
  const elements = () => {
    const all = elementsOf(text);
    if (all.length === 0) throw new Error('the base document has no elements');
    return all;
  };
  switch (fault.kind) {
    case 'flip': {
      const i = Math.min(place(fault.at, n), n - 1);
      text = splice(text, i, i + 1, String.fromCharCode(text.charCodeAt(i) ^ fault.mask));
      break;
    }
    case 'insert': {
      const i = place(fault.at, n + 1);
      text = splice(text, i, i, Buffer.from(fault.bytes).toString('latin1'));
      break;
    }
    case 'delete': {
      const i = place(fault.at, n);
      text = splice(text, i, i + fault.length, '');
      break;
    }
    case 'truncate':
      text = text.slice(0, place(fault.at, n));
      break;
    case 'duplicate': {
      const i = place(fault.at, n);
      const copy = text.slice(i, i + fault.length);
      const to = place(fault.to, n + 1);
      text = splice(text, to, to, copy);
      break;
    }
    case 'encoding': {
      const label = bytesOf(fault.label);
      const decl = /^((?:\xEF\xBB\xBF)?\s*<\?xml\b)([\s\S]*?)(\?>)/.exec(text);
      if (!decl) text = splice(text, prologEnd(text), prologEnd(text), `<?xml version="1.0" encoding="${label}"?>`);
      else if (/encoding\s*=/.test(decl[2]))
        text = text.replace(/(encoding\s*=\s*)(["'])[^"']*\2/, (_, a: string, q: string) => `${a}${q}${label}${q}`);
      else text = splice(text, decl[1].length + decl[2].length, decl[1].length + decl[2].length, ` encoding="${label}"`);
      break;
    }
    case 'dropElement': {
      const all = elements();
      const e = all[fault.pick % all.length];
      text = splice(text, e.start, e.end, '');
      break;
    }
    case 'renameElement': {
      const all = elements();
      const e = all[fault.pick % all.length];
      const colon = e.qname.indexOf(':');
      const renamed = colon >= 0 ? `${e.qname.slice(0, colon + 1)}${bytesOf(fault.name)}` : bytesOf(fault.name);
      if (e.endTagStart !== e.end) text = splice(text, e.endTagStart, e.end, `</${renamed}>`);
      text = splice(text, e.start + 1, e.start + 1 + e.qname.length, renamed);
      break;
    }
    case 'namespace': {
      const decls = [...text.matchAll(/\sxmlns(?::[\w.-]+)?\s*=\s*(["'])([^"']*)\1/g)];
      if (decls.length === 0) break;
      const d = decls[fault.pick % decls.length];
      const valueStart = d.index + d[0].length - 1 - d[2].length;
      text = splice(text, valueStart, valueStart + d[2].length, bytesOf(fault.uri));
      break;
    }
    case 'repeatMsgId':
      if (ctx.msgId && ctx.accepted.length > 0) text = text.split(ctx.msgId).join(ctx.accepted[fault.pick % ctx.accepted.length]);
      break;
    case 'patient': {
      const to = fault.to === 'raw' ? fault.raw : ctx.patients[fault.to];
      text = text.split(ctx.fnr).join(bytesOf(to));
      break;
    }
    case 'doctype': {
      const d = DOCTYPES[fault.variant % DOCTYPES.length];
      if (d.ref) {
        const all = elements();
        const e = all[fault.pick % all.length];
        text = splice(text, e.contentStart, e.contentStart, d.ref);
      }
      const i = prologEnd(text);
      text = splice(text, i, i, d.decl);
      break;
    }
    case 'entityRef': {
      const all = elements();
      const e = all[fault.pick % all.length];
      text = splice(text, e.contentStart, e.contentStart, fault.ref);
      break;
    }
    case 'contentType':
      contentType = fault.type;
      break;
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
  return { body: Buffer.from(text, 'latin1'), contentType };
}

/** Whether the type is one the importer reads as XML (application/xml, text/xml, any +xml). */
export function isXmlType(contentType: string): boolean {
  return /^(application|text)\/([\w.-]+\+)?xml\s*(;|$)/i.test(contentType);
}

/** Whether the bytes start, after a BOM and whitespace, with `<`: the README's line between "not XML" (400) and an AppRec. */
export function startsLikeXml(body: Buffer): boolean {
  const text = body.toString('latin1').replace(/^(\xEF\xBB\xBF|\xFF\xFE|\xFE\xFF)/, '');
  return /^[ \t\n\r]*</.test(text.replaceAll('\u0000', ''));
}

/** A short, printable description of a document for a failure message: the fault's neighbourhood, not 3 kB. */
export function describeDocument(base: string, fault: XmlFault, body: Buffer, contentType: string): string {
  const text = body.toString('latin1');
  return `${base} with ${JSON.stringify(fault)} (${body.length} bytes, ${contentType}): ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`;
}
