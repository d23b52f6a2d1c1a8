/** Benchmark: the `supernode` process from start to exit, as a shell runs it: --version, --help, an analytical collective and an analytical train; the median of 7 runs each. */

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

// node --import tsx bench/startup.ts: against the built CLI (npm run build first).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = 'packages/cli/bin/supernode.js';
const RUNS = 7;
const runs: Record<string, string[]> = {
  node: ['-e', '0'],
  version: [bin, '--version'],
  help: [bin, '--help'],
  collective: [bin, ...'collective --system hgx-h100 --op allreduce --sizes 1G --fidelity analytical'.split(' ')],
  train: [bin, ...'train --system hgx-h100 --gpus 64 --model llama3-8b --tp 1 --pp 1 --zero 3 --mbs 1 --gbs 512 --seq 8192'.split(' ')],
};
const medianMs: Record<string, number> = {};
for (const [name, args] of Object.entries(runs)) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
  }
  medianMs[name] = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}
process.stdout.write(
  `${JSON.stringify({ case: 'startup', wallMs: medianMs.train, ...Object.fromEntries(Object.entries(medianMs).map(([k, v]) => [`${k}Ms`, v])) })}\n`,
);
