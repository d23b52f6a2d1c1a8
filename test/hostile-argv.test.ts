/**
 * Hostile command lines, in-process through the CLI's main: every one ends with exit 0 or 2 within 10 s, never a stack
 * trace, and every refusal names its option, field or file. The benchmark (bench/hostile-argv.ts) runs 600 of them as
 * real processes under a 1 GiB heap.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { hostileArgv, hostileFiles, NAMES_WHAT } from './hostile-argv.js';

const dir = mkdtempSync(join(tmpdir(), 'supernode-hostile-argv-'));
const files = hostileFiles(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile command lines', () => {
  it('every hostile command line exits 0 or 2 within 10 s, with no stack trace, and a refusal names what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(hostileArgv(files), async ({ kind, argv }) => {
        const err: string[] = [];
        const started = performance.now();
        const code = await main(argv, { out: () => undefined, err: (t) => err.push(t) });
        const ms = performance.now() - started;
        const text = err.join('\n');
        const what = `${kind}: supernode ${argv.map((a) => (a.length > 60 ? `${a.slice(0, 60)}...` : a)).join(' ')}\n${text.slice(0, 500)}`;
        expect([0, 2], what).toContain(code);
        expect(text, what).not.toMatch(/internal error|\n\s+at /);
        expect(ms, what).toBeLessThan(10_000);
        if (code === 2) expect(text, what).toMatch(NAMES_WHAT);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });
});
