import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { hostileDocument } from './hostile-documents.js';

const dir = mkdtempSync(join(tmpdir(), 'supernode-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('main describe <hostile scenario>', () => {
  it('main describe exits 0 or 2 on 1,000 random hostile documents, with one message and no stack trace', async () => {
    // Each document goes through the real command as a file: a crash, an internal error (exit 1) or a stack trace fails.
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileDocument, async (doc) => {
        const file = join(dir, `doc-${n++}.yaml`);
        writeFileSync(file, doc.bytes);
        const err: string[] = [];
        const code = await main(['describe', file, '--json'], { out: () => {}, err: (t) => err.push(t) });
        rmSync(file);
        const message = err.join('\n');
        expect([0, 2], `${doc.kind}: ${message.slice(0, 300)}`).toContain(code);
        expect(message).not.toMatch(/\n\s+at /);
        if (code === 2) expect(message).toMatch(/^error: /);
      }),
      { numRuns: 1000, seed: 20261204 },
    );
  });
});
