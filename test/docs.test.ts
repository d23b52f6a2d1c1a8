/**
 * The documents stay true: every generated one is what its generator prints today, every relative link in README.md and
 * docs/ leads to a file (and an anchor to a heading there), every flag of a `npx supernode` command in them is one the
 * command defines, and docs/scenarios.md's examples load and list every shipped scenario.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem, checkSweep, expandPoints, loadScenario, parseSweepSpec, systemPresets } from '@supernode/core';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../scripts/generated-docs.js';
import { shellWords } from '../scripts/studies/study-file.js';
import { fencedBlocks, headingAnchors, relativeLinks, supernodeCommands } from './markdown.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, 'docs', 'coming-from'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/coming-from/${f}`),
];

describe('relativeLinks', () => {
  it('relativeLinks keeps files, images and anchors; drops web addresses and code', () => {
    const md = '[a](docs/a.md#part) ![p](p.svg "t") [w](https://x.org) [s](#here) `[c](code.md)`\n```\n[f](fenced.md)\n```\n[r]: ref.md\n';
    expect(relativeLinks(md)).toEqual([{ file: 'docs/a.md', anchor: 'part' }, { file: 'p.svg' }, { file: '', anchor: 'here' }, { file: 'ref.md' }]);
  });

  it('headingAnchors spells anchors as GitHub does', () => {
    expect(headingAnchors('# The supernode claim, swept\n## Resilience, and `x` of an OS image\n')).toEqual(
      new Set(['the-supernode-claim-swept', 'resilience-and-x-of-an-os-image']),
    );
  });
});

describe('links', () => {
  it.each(documents)('every relative link in %s leads to a file of the repository, and every anchor to a heading', (doc) => {
    const links = relativeLinks(read(doc));
    const broken = links.filter(({ file, anchor }) => {
      const target = file === '' ? doc : normalize(join(dirname(doc), file));
      if (!existsSync(join(root, target))) return true;
      return anchor !== undefined && target.endsWith('.md') && !headingAnchors(read(target)).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});

describe('commands in the documents', () => {
  const commands = documents.flatMap((doc) => fencedBlocks(read(doc), 'sh').flatMap((b) => supernodeCommands(b).map((c): [string, string] => [doc, c])));
  const help = new Map<string, string>();

  it('the documents show supernode commands', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it.each(commands)('%s: every flag of `%s` is one its command defines', async (_, command) => {
    const words = shellWords(command).slice(2);
    // A command under another (`plan train`) is named by both words.
    const path = words[0] === 'plan' ? words.slice(0, 2) : words.slice(0, 1);
    const sub = path.join(' ');
    if (!help.has(sub)) {
      const { main } = await import('@supernode/cli');
      const out: string[] = [];
      await main([...path, '--help'], { out: (t) => out.push(t), err: (t) => out.push(t) });
      help.set(sub, out.join('\n'));
    }
    const text = help.get(sub) as string;
    const flags = words.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0] as string);
    expect(flags.filter((f) => !new RegExp(`(^|[\\s,])${f}([\\s,=<[]|$)`, 'm').test(text))).toEqual([]);
  });
});

describe('docs/scenarios.md', () => {
  const doc = read('docs/scenarios.md');

  it('its scenario example loads and builds, and its sweep spec example checks against its base', () => {
    const blocks = fencedBlocks(doc, 'yaml');
    const scenario = blocks.find((b) => b.startsWith('extends:')) as string;
    expect(buildSystem(loadScenario(scenario, 'docs/scenarios.md')).gpus).toBe(256);
    const spec = parseSweepSpec(blocks.find((b) => b.startsWith('name:')) as string, 'docs/scenarios.md');
    checkSweep(spec, systemPresets.get(spec.system).input as Record<string, unknown>);
    // Expected because the axes are 3 TP sizes x 5 domain sizes x 2 zipped (PP, batch) pairs.
    expect(expandPoints(spec).length).toBe(30);
  });

  it.each(['examples', 'scenarios'])('it links every file of %s/', (folder) => {
    const files = readdirSync(join(root, folder)).filter((f) => f.endsWith('.yaml'));
    expect(files.filter((f) => !doc.includes(`(../${folder}/${f})`))).toEqual([]);
  });
});

describe('generated documents', () => {
  it.each(generatedDocs.map((d) => d.file))('%s is what its generator prints now (refresh: npm run docs)', async (file) => {
    const now = await generatedDocs.find((d) => d.file === file)?.text();
    const held = typeof now === 'string' ? read(file) : new Uint8Array(readFileSync(join(root, file)));
    expect(held, `${file} is stale: run npm run docs and commit the diff`).toEqual(now);
  });
});
