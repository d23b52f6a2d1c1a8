/** Benchmark: a 1,000-point analytical training sweep through the built `supernode sweep`, on one worker per core. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// node --import tsx bench/sweep.ts (after npm run build): the process's wall time includes start-up and the worker pool.

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'supernode-sweep-bench-'));
const spec = join(dir, 'grid.yaml');
writeFileSync(
  spec,
  `command: train
system: hgx-h100
gpus: 1024
args: { model: llama3-70b, tp: 8, pp: 4, mbs: 1, gbs: 1024, seq: 4096, zero: 1 }
axes:
  - { path: args.tp, values: [1, 2, 4, 8] }
  - { path: args.pp, values: [1, 2, 4, 8, 16] }
  - { path: args.recompute, values: [selective, full] }
  - { path: args.seq, range: { from: 2048, to: 8192, steps: 25 } }
objectives: [ { metric: tokensPerSecPerGpu, goal: max } ]
constraints: [ fits ]
`,
);
const started = performance.now();
const r = spawnSync(process.execPath, ['packages/cli/bin/supernode.js', 'sweep', spec, '--out', join(dir, 'grid.duckdb'), '--json'], {
  cwd: root,
  encoding: 'utf8',
});
const wallMs = performance.now() - started;
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) throw new Error(r.stderr);
const s = JSON.parse(r.stdout);
process.stdout.write(
  `${JSON.stringify({
    case: 'sweep-train-1000',
    wallMs,
    points: s.points,
    failed: s.failed,
    workers: s.workers,
    cores: availableParallelism(),
    sweepSeconds: s.seconds,
    pointsPerSec: s.pointsPerSec,
    pointsPerSecWithStartup: (1000 * s.points) / wallMs,
  })}\n`,
);
