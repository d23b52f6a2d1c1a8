/** Paths into a command's JSON output (`tiers.*.ttftMs.p50`, `best.*.[system.scaleUp.domainSize]`) and the flat figures they keep. */

/** A figure as a study keeps it: a number, a string, a flag, null, or a list of those. */
export type Figure = number | string | boolean | null | readonly (number | string | boolean | null)[];

/**
 * Segments of a path: split on dots, except inside brackets, which hold a key that has dots itself.
 * Example: `best.*.[system.scaleUp.domainSize]` -> ['best', '*', 'system.scaleUp.domainSize'].
 */
export function parsePath(path: string): string[] {
  const out: string[] = [];
  let current = '';
  let bracketed = false;
  for (const ch of path) {
    if (bracketed) {
      if (ch === ']') bracketed = false;
      else current += ch;
    } else if (ch === '[' && current === '') bracketed = true;
    else if (ch === '.') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (bracketed) throw new Error(`path '${path}': a '[' is not closed`);
  out.push(current);
  if (out.some((s) => s === '')) throw new Error(`path '${path}': an empty segment`);
  return out;
}

/** The inverse of parsePath: keys with dots in brackets. */
export function formatPath(segments: readonly string[]): string {
  return segments.map((s) => (s.includes('.') ? `[${s}]` : s)).join('.');
}

const isScalar = (v: unknown): v is number | string | boolean | null => v === null || ['number', 'string', 'boolean'].includes(typeof v);

function entries(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

/** Every leaf under `value`, at `at`: a scalar, or a list of scalars kept whole. */
function leaves(value: unknown, at: readonly string[], out: Map<string, Figure>): void {
  if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) out.set(formatPath(at), value as Figure);
  else for (const [key, v] of entries(value)) leaves(v, [...at, key], out);
}

function collect(value: unknown, pattern: readonly string[], at: readonly string[], path: string, out: Map<string, Figure>): void {
  const [head, ...rest] = pattern;
  if (head === undefined) {
    leaves(value, at, out);
    return;
  }
  if (head === '*') {
    for (const [key, v] of entries(value)) collect(v, rest, [...at, key], path, out);
    return;
  }
  const found = entries(value).find(([key]) => key === head);
  if (!found) {
    const keys = entries(value).map(([key]) => key);
    throw new Error(`keep '${path}': no '${head}' at '${formatPath(at) || '(top)'}'${keys.length ? `; it has ${keys.join(', ')}` : ''}`);
  }
  collect(found[1], rest, [...at, head], path, out);
}

/**
 * The figures a list of keep paths selects from a JSON value, by full path, in the order the output holds them.
 * Example: keep ['*.ttftMs.p50'] of [{ttftMs: {p50: 192}}, {ttftMs: {p50: 141}}] -> {'0.ttftMs.p50': 192, '1.ttftMs.p50': 141}.
 */
export function keepFigures(value: unknown, keep: readonly string[]): Map<string, Figure> {
  const kept = new Map<string, Figure>();
  for (const path of keep) collect(value, parsePath(path), [], path, kept);
  const all = new Map<string, Figure>();
  leaves(value, [], all);
  const order = new Map([...all.keys()].map((k, i) => [k, i]));
  const at = (k: string) => order.get(k) ?? order.size;
  return new Map([...kept].sort(([a], [b]) => at(a) - at(b)));
}

/** True where `segments` begins with `pattern` (a `*` matches any one segment); the segments the wildcards matched, else undefined. */
export function matchPrefix(segments: readonly string[], pattern: readonly string[]): string[] | undefined {
  if (segments.length < pattern.length) return undefined;
  const wild: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*') wild.push(segments[i] as string);
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return wild;
}
