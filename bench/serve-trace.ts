/** Benchmark: `supernode serve --trace` replaying a 1 GB Azure-format trace (some 28 million requests) on 8 H100s, its peak memory and time as a process of its own. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeAzureTrace } from './azure-trace.js';

// node --import tsx bench/serve-trace.ts [bytes] (after npm run build): writes the trace into a temporary folder (the
// same bytes every time), then runs the built CLI on it in a plain node process that reports its own peak RSS.

const TRACE_BYTES = Number(process.argv[2] ?? 1e9);
/** Shaped like the Azure 2023 code trace (long prompts, short answers), at a rate 8 replicas of Llama 3 8B keep up with. */
const SHAPE = { rateRps: 100, contextMeanTokens: 2048, generatedMeanTokens: 28, sigma: 1, seed: 1 };
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/dist/main.js');

const dir = mkdtempSync(join(tmpdir(), 'supernode-trace-bench-'));
try {
  const file = join(dir, 'azure.csv');
  const t0 = performance.now();
  const trace = writeAzureTrace(file, TRACE_BYTES, SHAPE);
  const generatedMs = performance.now() - t0;
  const argv = ['serve', '--system', 'hgx-h100', '--gpus', '8', '--model', 'llama3-8b', '--trace', file, '--json'];
  // The CLI as installed, run with its peak RSS written to stderr as it exits.
  const wrapper = `process.on('exit', () => process.stderr.write('peakRssKiB ' + process.resourceUsage().maxRSS + '\\n'));
process.argv = [process.execPath, ${JSON.stringify(cli)}, ...${JSON.stringify(argv)}];
await import(${JSON.stringify(cli)});`;
  const t1 = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], { encoding: 'utf8', maxBuffer: 2 ** 26 });
  const wallMs = performance.now() - t1;
  const rss = /peakRssKiB (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !rss) throw new Error(`serve exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const report = JSON.parse(run.stdout);
  process.stdout.write(
    `${JSON.stringify({
      case: 'serve-trace-azure-1gb',
      wallMs,
      peakRssMiB: Number(rss[1]) / 1024,
      traceBytes: trace.bytes,
      requests: report.requests,
      requestsPerSec: report.requests / (wallMs / 1000),
      simulatedS: report.durationS,
      ttftP50Ms: report.ttftMs.p50,
      ttftP99Ms: report.ttftMs.p99,
      progressLines: run.stderr.split('\n').filter((l) => l.startsWith('serve: ')).length,
      generatedMs,
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
