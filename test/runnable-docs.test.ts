/**
 * The command blocks README.md and docs/ mark runnable (a fence opened with ```sh runnable) run as pasted: each line an
 * `npx supernode ...` command, run through the CLI's `main` in this process from a scratch folder that holds the
 * repository's examples/ and scenarios/ (so the files the commands write land there), exits 0, or the code its
 * `# exits N` comment documents. Each block gets its own folder; its commands run in order (a sweep, then `best` on its
 * results). It changes the working directory, so it runs in a process of its own (the e2e project).
 *
 * One change to what is pasted: a sweep given no --workers runs on this thread (--workers 1), since worker threads
 * started inside the test runner cannot load the CLI's TypeScript sources; which thread runs a point changes nothing in
 * its result.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { shellWords } from '../scripts/studies/study-file.js';
import { runnableBlocks, runnableCommands } from './markdown.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : []))];
const blocks = documents.flatMap((doc) =>
  runnableBlocks(readFileSync(join(root, doc), 'utf8')).map((block, i): [string, number, ReturnType<typeof runnableCommands>] => [
    doc,
    i + 1,
    runnableCommands(block),
  ]),
);
/** Commands that run until stopped: never in a runnable block. */
const LONG_RUNNING = new Set(['ui', 'worker']);

const home = process.cwd();
const scratch: string[] = [];
afterAll(() => {
  process.chdir(home);
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A folder to run a block in: empty but for links to the repository's examples/ and scenarios/. */
function scratchFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'supernode-docs-'));
  scratch.push(dir);
  for (const folder of ['examples', 'scenarios']) symlinkSync(join(root, folder), join(dir, folder), 'dir');
  return dir;
}

/** The arguments after `npx supernode`, as a shell would split the line. */
function argv(command: string): string[] {
  const words = shellWords(command);
  expect(words.slice(0, 2), `'${command}' is not an npx supernode command; a runnable block holds nothing else`).toEqual(['npx', 'supernode']);
  const args = words.slice(2);
  expect(LONG_RUNNING.has(args[0] as string), `'${command}' runs until stopped; it cannot be in a runnable block`).toBe(false);
  return args[0] === 'sweep' && !args.some((a) => a === '--workers' || a.startsWith('--workers=')) ? [...args, '--workers', '1'] : args;
}

describe('runnable blocks', () => {
  it('README.md and docs/ mark blocks runnable, among them the quick start of each model', () => {
    expect(blocks.map(([doc]) => doc)).toEqual(expect.arrayContaining(['README.md', 'docs/models.md', 'docs/scenarios.md']));
    expect(blocks.flatMap(([, , commands]) => commands).length).toBeGreaterThan(15);
  });

  it.each(blocks)('%s: runnable block %i runs as pasted', async (_, __, commands) => {
    process.chdir(scratchFolder());
    try {
      for (const { command, exit } of commands) {
        const err: string[] = [];
        const code = await main(argv(command), { out: () => {}, err: (t) => err.push(t) });
        expect(code, `${command}\n${err.join('\n')}`).toBe(exit);
        if (exit !== 0) expect(err.join('\n')).toMatch(/^error: (?![\s\S]*\n\s+at )/);
      }
    } finally {
      process.chdir(home);
    }
  });
});
