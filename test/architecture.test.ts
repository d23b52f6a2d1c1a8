/** ARCHITECTURE.md's import rules hold in the source: core's folder order, no import cycle, each package's imports. */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  allowedImports,
  findCycles,
  folderViolations,
  importGraph,
  importsOf,
  packageViolations,
  parseRulesTable,
  type Rule,
  ruleProblems,
  type SourceFile,
} from './import-rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CORE = 'packages/core/src';
const PACKAGES = ['packages/core', 'packages/cli', 'packages/web'];

/** Every non-test TypeScript file under `dir`, by its path from the repository root. */
function sources(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return files;
}

const architecture = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
const files = PACKAGES.flatMap((p) => sources(`${p}/src`));

describe('ARCHITECTURE.md import order inside core', () => {
  const rules = parseRulesTable(architecture, 'Import order inside core', 'folder');

  it('parseRulesTable reads a row per folder, base at the bottom and commands just below explore', () => {
    const order = rules.map((r) => r.name);
    expect(order[0]).toBe('base');
    expect(order.slice(-2)).toEqual(['commands', 'explore']);
    expect(rules.find((r) => r.name === 'args')?.mayImport).toEqual(['registry']);
    expect(ruleProblems(rules)).toEqual([]);
  });

  it('allowedImports: commands may import every folder but explore, and only explore imports it', () => {
    const allowed = allowedImports(rules);
    const others = rules.map((r) => r.name).filter((n) => n !== 'commands' && n !== 'explore');
    expect([...(allowed.get('commands') ?? [])].sort()).toEqual(others.sort());
    expect(rules.filter((r) => allowed.get(r.name)?.has('commands')).map((r) => r.name)).toEqual(['explore']);
    expect([...(allowed.get('args') ?? [])].sort()).toEqual(['base', 'registry', 'units']);
  });

  it('folderViolations: every import between folders of core follows the order', () => {
    expect(folderViolations(files, rules, CORE)).toEqual([]);
  });
});

describe('import cycles', () => {
  it('findCycles: no file of core, cli or web reaches itself through its imports', () => {
    const { graph, problems } = importGraph(files);
    expect(problems).toEqual([]);
    expect(graph.size).toBeGreaterThan(250);
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });
});

describe('ARCHITECTURE.md packages table', () => {
  const rules = parseRulesTable(architecture, 'Packages', 'package');

  it('parseRulesTable reads the three packages: core imports no node:* and no other package of ours; cli does not import web', () => {
    expect(rules.map((r) => r.name)).toEqual(PACKAGES);
    const core = rules[0]?.mayImport ?? [];
    expect(core.filter((p) => p.startsWith('node:') || p.startsWith('@supernode/'))).toEqual([]);
    expect(rules[1]?.mayImport).not.toContain('@supernode/web');
  });

  it('packageViolations: each package imports only what its row names and its own files', () => {
    expect(packageViolations(files, rules)).toEqual([]);
  });
});

/** A tiny core in memory: `units` below `system`, and `scenario` above both. */
const tiny = (more: SourceFile[] = []): SourceFile[] => [
  { path: 'src/units/units.ts', text: 'export const gib = (n: number) => n * 2 ** 30;\n' },
  { path: 'src/system/system.ts', text: "import { gib } from '../units/units.js';\nexport const hbm = gib(80);\n" },
  { path: 'src/scenario/load.ts', text: "import { hbm } from '../system/system.js';\nexport const spec = { hbm };\n" },
  { path: 'src/index.ts', text: "export * from './scenario/load.js';\n" },
  ...more,
];
const tinyRules: Rule[] = [
  { name: 'units', mayImport: [] },
  { name: 'system', mayImport: ['units'] },
  { name: 'scenario', mayImport: ['system'] },
  { name: 'commands', mayImport: ['scenario'] },
];

describe('the checker on a tiny example', () => {
  it('importsOf finds static, type-only, multi-line, re-export, side-effect and dynamic imports, with their lines', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'export {',
      '  c,',
      "} from './c.js';",
      "import './styles.css';",
      "const d = await import('./d.js');",
      'export interface E {',
      '  readonly from: string;',
      '}',
      'const text = \'import x from "./not-an-import.js"\';',
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 2 },
      { specifier: './c.js', line: 5 },
      { specifier: './styles.css', line: 6 },
      { specifier: './d.js', line: 7 },
    ]);
  });

  it('folderViolations accepts imports down the order and a row for a folder that does not exist', () => {
    expect(folderViolations(tiny(), tinyRules, 'src')).toEqual([]);
  });

  it('folderViolations names the file, the import and the row of an import up the order, type-only too', () => {
    const up = { path: 'src/units/format.ts', text: "// formats\nimport type { spec } from '../scenario/load.js';\n" };
    expect(folderViolations(tiny([up]), tinyRules, 'src')).toEqual([
      "src/units/format.ts:2: import '../scenario/load.js': 'units' may not import 'scenario' (its row: nothing, and what those may import)",
    ]);
  });

  it('folderViolations allows what a named folder may import, and reports a folder without a row and an import of index.ts', () => {
    const through = { path: 'src/scenario/units.ts', text: "import { gib } from '../units/units.js';\n" };
    const stray = { path: 'src/stray/a.ts', text: "import { gib } from '../units/units.js';\n" };
    const index = { path: 'src/system/public.ts', text: "import { spec } from '../index.js';\n" };
    expect(folderViolations(tiny([through, stray, index]), tinyRules, 'src')).toEqual([
      'src/stray/ has no row in the import order; add one to ARCHITECTURE.md',
      "src/system/public.ts:1: import '../index.js': a folder imports index.ts, which sits above every folder",
    ]);
  });

  it('ruleProblems reports a row naming a folder below it or one without a row', () => {
    expect(
      ruleProblems([
        { name: 'units', mayImport: ['system'] },
        { name: 'system', mayImport: ['units', 'hardware'] },
      ]),
    ).toEqual(["'units' may import 'system', which is not on a row above it", "'system' may import 'hardware', which has no row"]);
  });

  it('findCycles names a cycle through a type-only import, and one of a file importing itself', () => {
    const cyclic = tiny([
      { path: 'src/system/limits.ts', text: "import type { Plan } from './plan.js';\nexport const MAX = 8;\n" },
      { path: 'src/system/plan.ts', text: "import { MAX } from './limits.js';\nexport type Plan = { n: typeof MAX };\n" },
      { path: 'src/units/self.ts', text: "export * from './self.js';\n" },
    ]);
    const { graph, problems } = importGraph(cyclic);
    expect(problems).toEqual([]);
    expect(findCycles(graph)).toEqual([
      ['src/system/limits.ts', 'src/system/plan.ts', 'src/system/limits.ts'],
      ['src/units/self.ts', 'src/units/self.ts'],
    ]);
    expect(findCycles(importGraph(tiny()).graph)).toEqual([]);
  });

  it('importGraph reports a relative import that names no file', () => {
    const broken = { path: 'src/system/broken.ts', text: "import { x } from './missing.js';\n" };
    expect(importGraph(tiny([broken])).problems).toEqual(["src/system/broken.ts:1: import './missing.js' names no source file"]);
  });

  it('parseRulesTable reads a markdown table under its heading, and packageViolations flags node:* in core and a path out of src', () => {
    const markdown = [
      '## Packages',
      '',
      'Prose before the table.',
      '',
      '| package | what it is | may import |',
      '|---|---|---|',
      '| `pkgs/core` | the library | `zod`, its own files |',
      '| `pkgs/cli` (private) | the command | `@x/core`, `node:*` |',
      '',
      '## Next',
    ].join('\n');
    const rules = parseRulesTable(markdown, 'Packages', 'package');
    expect(rules).toEqual([
      { name: 'pkgs/core', mayImport: ['zod'] },
      { name: 'pkgs/cli', mayImport: ['@x/core', 'node:*'] },
    ]);
    const code: SourceFile[] = [
      { path: 'pkgs/core/src/a.ts', text: "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\n" },
      { path: 'pkgs/cli/src/b.ts', text: "import { join } from 'node:path';\nimport { a } from '@x/core/sub';\nimport { w } from '../../web/src/w.js';\n" },
    ];
    expect(packageViolations(code, rules)).toEqual([
      "pkgs/core/src/a.ts:2: import 'node:fs': pkgs/core may import zod and its own files",
      "pkgs/cli/src/b.ts:3: import '../../web/src/w.js': leaves pkgs/cli/src/",
    ]);
  });
});
