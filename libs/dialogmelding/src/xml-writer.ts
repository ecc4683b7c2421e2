/** An element to write: attributes in the given order, then either text or child elements. */
export interface XmlOut {
  name: string;
  attributes?: Readonly<Record<string, string | undefined>>;
  children?: readonly (XmlOut | undefined)[];
  text?: string;
}

/** An element with child elements; undefined children (optional parts left out) are skipped. */
export function el(name: string, attributes: XmlOut['attributes'], ...children: (XmlOut | undefined)[]): XmlOut {
  return { name, attributes, children };
}

/** An element holding text, or undefined when there is no text, so optional elements vanish. */
export function textEl(name: string, text: string | undefined, attributes?: XmlOut['attributes']): XmlOut | undefined {
  return text === undefined ? undefined : { name, attributes, text };
}

/** An empty element carrying a code: V, S, DN in that order. */
export function codeEl(name: string, code: { v: string; s?: string; dn?: string }): XmlOut {
  return { name, attributes: { V: code.v, S: code.s, DN: code.dn } };
}

/** The document as UTF-8 text with an XML declaration, two-space indented. */
export function renderDocument(root: XmlOut): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

function render(node: XmlOut, indent: string): string {
  const open = `${indent}<${node.name}${renderAttributes(node.attributes)}`;
  if (node.text !== undefined) return `${open}>${escapeText(node.text)}</${node.name}>`;
  const kids = (node.children ?? []).filter((c): c is XmlOut => c !== undefined);
  if (kids.length === 0) return `${open}/>`;
  const inner = kids.map((c) => render(c, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${node.name}>`;
}

function renderAttributes(attributes: XmlOut['attributes']): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
}

// Characters XML 1.0 cannot carry at all, not even as references; they are dropped rather than sent broken.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;'); // a raw CR would be read back as LF
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
