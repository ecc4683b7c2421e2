/** One element of the small tree the reader builds: namespace URI + local name, never a prefix. */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  /** Unqualified attributes by local name (V, S, DN, ...); namespaced ones under `{uri}local`. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter(isElement);
}

export function childrenNamed(el: XmlElement, ns: string, name: string): XmlElement[] {
  return elementChildren(el).filter((c) => c.ns === ns && c.name === name);
}

export function child(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return el ? elementChildren(el).find((c) => c.ns === ns && c.name === name) : undefined;
}

/** All text below the element, in document order. */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (isElement(c) ? textContent(c) : c)).join('');
}

/** Trimmed text of a child element; undefined when the child is missing or blank. */
export function childText(el: XmlElement | undefined, ns: string, name: string): string | undefined {
  const found = child(el, ns, name);
  if (!found) return undefined;
  const text = textContent(found).trim();
  return text === '' ? undefined : text;
}

/** A trimmed unqualified attribute; undefined when missing or blank. */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  const value = el?.attributes.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** First element in document order (the element itself included) that matches. */
export function findFirst(el: XmlElement, match: (e: XmlElement) => boolean): XmlElement | undefined {
  if (match(el)) return el;
  for (const c of elementChildren(el)) {
    const found = findFirst(c, match);
    if (found) return found;
  }
  return undefined;
}
