/** The import checker behind test/architecture.test.ts: imports of source text, ARCHITECTURE.md's rules, and what breaks them. */

/** A source file by its path from the repository root, with `/` separators: `packages/core/src/units/units.ts`. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface ImportRef {
  readonly specifier: string;
  /** 1-based line of the import in its file. */
  readonly line: number;
}

/**
 * Static imports and re-exports (type-only ones too: `import type` ties files as tightly for a reader as any other
 * import), side-effect imports and `import('...')` calls with a literal. An import clause holds only names, braces,
 * commas, `*` and white space, so text such as a string or an interface body that happens to contain `from '...'` is
 * not taken for one.
 */
const STATEMENT = /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w$\s{},*]*?\s*from\s*(['"])([^'"\n]+)\1/gm;
const SIDE_EFFECT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

export function importsOf(text: string): ImportRef[] {
  const refs: { specifier: string; index: number }[] = [];
  for (const pattern of [STATEMENT, SIDE_EFFECT, DYNAMIC]) {
    for (const m of text.matchAll(pattern)) refs.push({ specifier: m[2] as string, index: m.index + m[0].length });
  }
  refs.sort((a, b) => a.index - b.index);
  return refs.map(({ specifier, index }) => ({ specifier, line: text.slice(0, index).split('\n').length }));
}

/** Resolves a `./` or `../` path against the folder of `from`; both use `/` separators. */
function joinPath(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** Extensions TypeScript maps a relative import to (`./a.js` is `./a.ts` or `./a.tsx` in the source). */
const candidates = (target: string): string[] => {
  const stem = target.replace(/\.(?:js|jsx|ts|tsx)$/, '');
  return [target, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`];
};

/** Extensions that are not modules of the graph (a stylesheet a page imports for its side effect). */
const ASSET = /\.(?:css|svg|png|json)$/;

/** The file a relative specifier names, undefined for a package name or an asset; null when no such file exists. */
export function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  if (ASSET.test(specifier)) return undefined;
  const target = joinPath(from, specifier);
  return candidates(target).find((c) => files.has(c)) ?? null;
}

/** Each file's imports of other files, in import order; problems lists relative imports that name no file. */
export function importGraph(files: readonly SourceFile[]): { graph: Map<string, string[]>; problems: string[] } {
  const paths = new Set(files.map((f) => f.path));
  const graph = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files) {
    const targets: string[] = [];
    for (const ref of importsOf(file.text)) {
      const target = resolveImport(file.path, ref.specifier, paths);
      if (target === null) problems.push(`${file.path}:${ref.line}: import '${ref.specifier}' names no source file`);
      else if (target !== undefined && !targets.includes(target)) targets.push(target);
    }
    graph.set(file.path, targets);
  }
  return { graph, problems };
}

/**
 * Every import cycle, one per strongly connected set of files (Tarjan's algorithm), each named as a path that comes
 * back to its start: `a.ts -> b.ts -> a.ts`. A file importing itself is a cycle of one.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = new Set<string>();
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      members.add(w);
    } while (w !== v);
    if (members.size > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(cycleThrough(v, members, graph));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The shortest way from `start` back to itself inside `members` (breadth first), as the list of files it passes. */
function cycleThrough(start: string, members: ReadonlySet<string>, graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = cameFrom.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** One row of a rules table: a folder (or package) and the names its `may import` cell gives in backticks. */
export interface Rule {
  readonly name: string;
  readonly mayImport: readonly string[];
}

const names = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

/**
 * The first table under the heading `heading` whose header row has the columns `key` and `may import`: one rule per
 * row, the key's backticked name and every backticked name in `may import` ("nothing" gives none).
 */
export function parseRulesTable(markdown: string, heading: string, key: string): Rule[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+\s/.test(l) && l.replace(/^#+\s+/, '').trim() === heading);
  if (start < 0) throw new Error(`ARCHITECTURE.md has no heading '${heading}'`);
  const header = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const columns = header < 0 ? [] : cells(lines[header] as string);
  const keyColumn = columns.indexOf(key);
  const importColumn = columns.indexOf('may import');
  if (keyColumn < 0 || importColumn < 0) throw new Error(`the first table under '${heading}' has no '${key}' and 'may import' columns`);
  const rules: Rule[] = [];
  for (let i = header + 2; i < lines.length && (lines[i] as string).startsWith('|'); i++) {
    const row = cells(lines[i] as string);
    const [name, ...more] = names(row[keyColumn] ?? '');
    if (name === undefined || more.length > 0) throw new Error(`'${lines[i]}': the ${key} cell must hold one name in backticks`);
    rules.push({ name, mayImport: names(row[importColumn] ?? '') });
  }
  return rules;
}

/** Problems of the rules themselves: a name without a row, a folder named twice, or one naming a folder not above it. */
export function ruleProblems(rules: readonly Rule[]): string[] {
  const problems: string[] = [];
  const above = new Set<string>();
  for (const rule of rules) {
    if (above.has(rule.name)) problems.push(`'${rule.name}' has two rows`);
    for (const target of rule.mayImport) {
      if (!rules.some((r) => r.name === target)) problems.push(`'${rule.name}' may import '${target}', which has no row`);
      else if (!above.has(target)) problems.push(`'${rule.name}' may import '${target}', which is not on a row above it`);
    }
    above.add(rule.name);
  }
  return problems;
}

/** What each folder may import: the folders on its row and, through them, whatever those may import. */
export function allowedImports(rules: readonly Rule[]): Map<string, Set<string>> {
  const allowed = new Map<string, Set<string>>();
  const reach = (name: string, seen: Set<string>): Set<string> => {
    const done = allowed.get(name);
    if (done) return done;
    const set = new Set<string>();
    if (seen.has(name)) return set;
    seen.add(name);
    for (const target of rules.find((r) => r.name === name)?.mayImport ?? []) {
      set.add(target);
      for (const t of reach(target, seen)) set.add(t);
    }
    allowed.set(name, set);
    return set;
  };
  for (const rule of rules) reach(rule.name, new Set());
  return allowed;
}

/** The folder of a file under `srcRoot` (`units` for `<srcRoot>/units/parse.ts`), undefined for a file directly in it. */
export function folderOf(path: string, srcRoot: string): string | undefined {
  const rest = path.slice(srcRoot.length + 1).split('/');
  return rest.length > 1 ? rest[0] : undefined;
}

/**
 * Imports between folders of `srcRoot` that the rules do not allow, each naming the file, the import and the rule;
 * also a folder without a row, and a folder's file importing a file directly in `srcRoot` (the public surface and
 * test fixtures sit above every folder). Rows for folders that do not exist yet are fine.
 */
export function folderViolations(files: readonly SourceFile[], rules: readonly Rule[], srcRoot: string): string[] {
  const inRoot = files.filter((f) => f.path.startsWith(`${srcRoot}/`));
  const paths = new Set(inRoot.map((f) => f.path));
  const allowed = allowedImports(rules);
  const problems: string[] = [];
  const folders = new Set(inRoot.map((f) => folderOf(f.path, srcRoot)).filter((f) => f !== undefined));
  for (const folder of [...folders].sort()) {
    if (!allowed.has(folder)) problems.push(`${srcRoot}/${folder}/ has no row in the import order; add one to ARCHITECTURE.md`);
  }
  for (const file of inRoot) {
    const from = folderOf(file.path, srcRoot);
    if (from === undefined || !allowed.has(from)) continue;
    for (const ref of importsOf(file.text)) {
      const target = resolveImport(file.path, ref.specifier, paths);
      if (!target) continue;
      const to = folderOf(target, srcRoot);
      const where = `${file.path}:${ref.line}: import '${ref.specifier}'`;
      if (to === undefined) problems.push(`${where}: a folder imports ${target.slice(srcRoot.length + 1)}, which sits above every folder`);
      else if (to !== from && !allowed.get(from)?.has(to)) {
        const row = rules.find((r) => r.name === from)?.mayImport ?? [];
        const stated = row.length > 0 ? row.join(', ') : 'nothing';
        problems.push(`${where}: '${from}' may not import '${to}' (its row: ${stated}, and what those may import)`);
      }
    }
  }
  return problems;
}

/** The package an import specifier names: `zod`, `@supernode/core`, `node:fs`; undefined for a relative path. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Imports of each package's source (`<rule name>/src/`) that its row does not allow: a package not on the row
 * (`node:*` allows every `node:` module), or a relative import leaving the package's own `src/`.
 */
export function packageViolations(files: readonly SourceFile[], rules: readonly Rule[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const root = `${rule.name}/src/`;
    const allows = (pkg: string) => rule.mayImport.some((a) => a === pkg || (a.endsWith('*') && pkg.startsWith(a.slice(0, -1))));
    for (const file of files.filter((f) => f.path.startsWith(root))) {
      for (const ref of importsOf(file.text)) {
        const where = `${file.path}:${ref.line}: import '${ref.specifier}'`;
        const pkg = packageOf(ref.specifier);
        if (pkg !== undefined && !allows(pkg)) problems.push(`${where}: ${rule.name} may import ${rule.mayImport.join(', ')} and its own files`);
        if (pkg === undefined && !joinPath(file.path, ref.specifier).startsWith(root)) problems.push(`${where}: leaves ${root}`);
      }
    }
  }
  return problems;
}
