/** The documents: every generated one is what its source prints today, and every relative link in README.md and docs/ leads to a file. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../scripts/generated-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The targets of a Markdown text's links and images, outside code, that name a file of this repository (no scheme, not an anchor alone). */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map(
    (m) => m[1] as string,
  );
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#')).map((t) => decodeURI(t.split('#')[0] as string));
}

const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('relativeLinks', () => {
  it('relativeLinks keeps files and images, drops web addresses, anchors and code', () => {
    const md = '[a](docs/a.md#part) ![p](p.svg "t") [w](https://x.org) [s](#here) `[c](code.md)`\n```\n[f](fenced.md)\n```\n[r]: ref.md\n';
    expect(relativeLinks(md)).toEqual(['docs/a.md', 'p.svg', 'ref.md']);
  });
});

describe('links', () => {
  it.each(documents)('every relative link in %s leads to a file of the repository', (doc) => {
    const links = relativeLinks(readFileSync(join(root, doc), 'utf8'));
    const missing = links.filter((l) => !existsSync(join(root, dirname(doc), l)));
    expect(missing).toEqual([]);
  });
});

describe('generated documents', () => {
  it.each(generatedDocs.map((d) => d.file))('%s is what its generator prints now (refresh: npm run docs)', async (file) => {
    const now = await generatedDocs.find((d) => d.file === file)?.text();
    expect(readFileSync(join(root, file), 'utf8'), `${file} is stale: run npm run docs and commit the diff`).toBe(now);
  });
});
