import { elementChildren, isElement, XmlElement } from './xml-tree';

// Elements that break a line in XHTML; matched on local name, since EPJs send XHTML with and without its namespace.
const BLOCK = new Set([
  'html', 'body', 'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'pre', 'blockquote', 'section', 'article', 'header', 'footer', 'dl', 'dt', 'dd',
]);
const SKIP = new Set(['head', 'style', 'script', 'title']);

/**
 * Readable text of a free-text element (TekstNotatInnhold, Sporsmal): plain text kept line by line,
 * XHTML flattened to its words with a line break per block.
 */
export function readableText(el: XmlElement): string {
  if (elementChildren(el).length === 0) return tidyPlain(el.children.join(''));
  const parts: string[] = [];
  collect(el, parts);
  const lines = parts.join('').split('\n').map((line) => line.trim());
  return tidyPlain(lines.join('\n'));
}

function collect(el: XmlElement, parts: string[]): void {
  for (const node of el.children) {
    if (!isElement(node)) {
      parts.push(node.replace(/\s+/g, ' '));
      continue;
    }
    if (SKIP.has(node.name)) continue;
    const block = BLOCK.has(node.name);
    if (block) parts.push('\n');
    collect(node, parts);
    if (block) parts.push('\n');
  }
}

function tidyPlain(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
