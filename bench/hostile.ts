/** Benchmark: 1,000 seeded hostile scenario documents through `supernode describe`, time per document and exit codes. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { main } from '../packages/cli/src/main.js';
import { hostileDocument } from '../test/hostile-documents.js';

// node --import tsx bench/hostile.ts: each document in-process (JIT warm, as a sweep would run it), then the five
// slowest again as the real built CLI process, start-up included, which is what a user waits for.

const DOCUMENTS = 1000;
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'supernode-hostile-bench-'));
const docs = fc.sample(hostileDocument, { numRuns: DOCUMENTS, seed: 20261204 });
const runs: { file: string; kind: string; ms: number; code: number }[] = [];
const t0 = performance.now();
for (const [i, doc] of docs.entries()) {
  const file = join(dir, `doc-${i}.yaml`);
  writeFileSync(file, doc.bytes);
  const start = performance.now();
  const code = await main(['describe', file, '--json'], { out: () => {}, err: () => {} });
  runs.push({ file, kind: doc.kind, ms: performance.now() - start, code });
}
const wallMs = performance.now() - t0;
const sorted = [...runs].sort((a, b) => b.ms - a.ms);
const slowest = sorted.slice(0, 5).map((r) => {
  const start = performance.now();
  const p = spawnSync(process.execPath, ['packages/cli/dist/main.js', 'describe', r.file, '--json'], { cwd: root, encoding: 'utf8' });
  return { kind: r.kind, inProcessMs: Math.round(r.ms), processMs: Math.round(performance.now() - start), code: p.status };
});
rmSync(dir, { recursive: true, force: true });
const codes: Record<string, number> = {};
for (const r of runs) codes[r.code] = (codes[r.code] ?? 0) + 1;
const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    case: 'hostile-scenarios',
    wallMs,
    documents: DOCUMENTS,
    exitCodes: codes,
    medianDocMs: ms[Math.floor(ms.length / 2)],
    maxDocMs: ms[ms.length - 1],
    slowestAsProcess: slowest,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
