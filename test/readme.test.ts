/** README.md is a front door: short, a quick start whose two commands are the package's own scripts, and questions whose commands are studies'. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStudy, shellWords, studyFiles } from '../scripts/studies/study-file.js';
import { fencedBlocks, supernodeCommands } from './markdown.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

/** True where `words` appear in `within` in order, others between them allowed. */
function subsequence(words: readonly string[], within: readonly string[]): boolean {
  let i = 0;
  for (const w of within) if (w === words[i]) i++;
  return i === words.length;
}

describe('README.md', () => {
  it('README.md stays a front door of at most 200 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });

  it("README.md's quick start is two commands: install and run the default comparison, then the tests", () => {
    const quick = readme.split('## Quick start')[1] as string;
    const lines = (fencedBlocks(quick, 'sh')[0] as string)
      .trim()
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, ''));
    expect(lines).toEqual(['npm ci && npm start', 'npm test']);
    // Expected because `compare` with no systems compares the default designs the comment names.
    expect(pkg.scripts.start).toBe('supernode compare');
    expect(pkg.scripts.test).toMatch(/^vitest run/);
  });

  it("every command of README.md's questions is one of a study's commands, or a part of one, so a test runs it", () => {
    const studyCommands = studyFiles().flatMap((f) => readStudy(f).commands.map((c) => shellWords(c.run).slice(1)));
    const questions = readme.split('## Three questions, one command each')[1]?.split('\n## ')[0] as string;
    const commands = fencedBlocks(questions, 'sh').flatMap(supernodeCommands);
    expect(commands.length).toBe(3);
    for (const c of commands)
      expect(
        studyCommands.some((s) => subsequence(shellWords(c).slice(2), s)),
        c,
      ).toBe(true);
  });
});
