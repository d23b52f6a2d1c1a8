/** A strict reader of the HTML and SVG the project writes, for tests: elements, attributes and decoded text, or an error at the first stray `<` or `&`. */

/** An element as read: its name (lower case), attributes (values decoded) and children in order. */
export interface MarkupElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (MarkupElement | string)[];
}

/** HTML elements with no end tag. */
const VOID = new Set(['meta', 'link', 'br', 'img', 'input', 'hr']);
/** Elements whose content is raw text up to their end tag: found in a document, an escaped name has escaped into markup. */
const RAW = new Set(['script', 'style']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes entities in text or an attribute value; a bare `&` or an unknown entity is an error, as in XML. */
function decode(text: string, at: number): string {
  return text.replace(/&([^;\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare '&' near offset ${at}: ${JSON.stringify(text.slice(0, 40))}`);
    const code = /^#x([0-9a-f]+)$/i.exec(body)?.[1];
    if (code !== undefined) return String.fromCodePoint(Number.parseInt(code, 16));
    const dec = /^#(\d+)$/.exec(body)?.[1];
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    const named = NAMED[body];
    if (named === undefined) throw new Error(`unknown entity '${whole}' near offset ${at}`);
    return named;
  });
}

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;

/**
 * Reads a document into a root element named `#document`. A leading `<!doctype html>` is skipped; every other `<`
 * must open or close a well-formed tag with double-quoted attributes, end tags must match, and `&` must start an entity.
 */
export function parseMarkup(text: string): MarkupElement {
  const root = { name: '#document', attributes: {}, children: [] as (MarkupElement | string)[] };
  const open: (typeof root)[] = [root];
  let i = /^<!doctype html>/i.exec(text)?.[0].length ?? 0;
  while (i < text.length) {
    const top = open[open.length - 1] as typeof root;
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) top.children.push(decode(text.slice(i, end), i));
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) throw new Error(`stray '<' at offset ${lt}: ${JSON.stringify(text.slice(lt, lt + 40))}`);
    const [whole, closing, rawName, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    const name = rawName.toLowerCase();
    i = lt + whole.length;
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> at offset ${lt} closes <${top.name}>`);
      open.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attrs.matchAll(ATTRIBUTE)) attributes[key as string] = decode(value as string, lt);
    const element = { name, attributes, children: [] as (MarkupElement | string)[] };
    top.children.push(element);
    if (RAW.has(name)) {
      const close = text.toLowerCase().indexOf(`</${name}>`, i);
      if (close < 0) throw new Error(`<${name}> at offset ${lt} never ends`);
      element.children.push(text.slice(i, close));
      i = close + name.length + 3;
    } else if (!selfClosing && !VOID.has(name)) open.push(element);
  }
  if (open.length > 1) throw new Error(`<${(open[open.length - 1] as typeof root).name}> never ends`);
  return root;
}

/** Every element named `name` in document order, at any depth. */
export function elementsNamed(node: MarkupElement, name: string): MarkupElement[] {
  return node.children.flatMap((c) => (typeof c === 'string' ? [] : [...(c.name === name ? [c] : []), ...elementsNamed(c, name)]));
}

/** The element's text, its children's included, decoded. */
export function textOf(node: MarkupElement): string {
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The names of every element in the document, once each. */
export function elementNames(node: MarkupElement): Set<string> {
  const names = new Set<string>();
  const visit = (n: MarkupElement) => {
    for (const c of n.children)
      if (typeof c !== 'string') {
        names.add(c.name);
        visit(c);
      }
  };
  visit(node);
  return names;
}
