import type { XmlElement } from './xml-tree';
import { elementChildren, isElement } from './xml-tree';

// XHTML elements that end a paragraph (blank line) or a line; matched on local name, since EPJs send
// XHTML with and without its namespace.
const PARAGRAPH = new Set(['p', 'div', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'section', 'dl']);
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd']);
const SKIP = new Set(['head', 'style', 'script', 'title']);

/**
 * Readable text of a free-text element (TekstNotatInnhold, Sporsmal): plain text kept line by line,
 * XHTML flattened to its words with a line break per line element and a blank line per paragraph.
 */
export function readableText(el: XmlElement): string {
  if (elementChildren(el).length === 0) return tidy((el.children as string[]).join(''));
  const flat = new Flattener();
  flat.walk(el);
  return tidy(
    flat.out
      .split('\n')
      .map((line) => line.trim())
      .join('\n'),
  );
}

class Flattener {
  out = '';
  private pending = 0; // newlines owed before the next word

  walk(el: XmlElement): void {
    for (const node of el.children) {
      if (!isElement(node)) this.write(node);
      else if (!SKIP.has(node.name)) this.block(node);
    }
  }

  private block(el: XmlElement): void {
    const level = PARAGRAPH.has(el.name) ? 2 : LINE.has(el.name) ? 1 : 0;
    this.pending = Math.max(this.pending, level);
    this.walk(el);
    this.pending = Math.max(this.pending, level);
  }

  private write(text: string): void {
    const words = text.replace(/\s+/g, ' ');
    if (words.trim() === '') {
      if (this.pending === 0 && this.out !== '' && !this.out.endsWith(' ')) this.out += ' ';
      return;
    }
    if (this.pending > 0 && this.out !== '') this.out = this.out.trimEnd() + '\n'.repeat(this.pending);
    this.out += this.pending > 0 ? words.trimStart() : words;
    this.pending = 0;
  }
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
