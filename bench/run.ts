/** `npm run bench`: runs every benchmark case in its own process (so peak memory is its own) and prints a table. */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Usage: npm run bench [-- case ...]   (builds first; cases run against the built core on plain node + tsx for the bench file)

const CASES = [
  'ring-al128',
  'analytical',
  'alltoall-8xal128',
  'hierarchical-16k',
  'train-405b-16k-analytical',
  'train-405b-16k-flow',
  'plan-train-405b-16k',
  'plan-train-moe10t-al128-16k',
  'plan-train-moe10t-al128-262k',
  'startup',
  'hostile-scenarios',
  'hostile-argv',
  'serve-deepseek-pd-hour',
  'curve-al128-deepseek',
  'serve-deepseek-pd-hour-flow',
  'serve-trace-azure-1gb',
  'sweep-train-1000',
  'ui-refresh',
  'resilience-16k-mc',
  'share-hpn-2x1024',
];
/** Cases with a file of their own; the rest are cases of bench/collective.ts. */
const FILES: Record<string, string[]> = {
  'hostile-scenarios': ['bench/hostile.ts'],
  'hostile-argv': ['bench/hostile-argv.ts'],
  'serve-deepseek-pd-hour': ['bench/serve.ts'],
  'curve-al128-deepseek': ['bench/curve.ts'],
  'plan-train-405b-16k': ['bench/plan.ts', 'plan-train-405b-16k'],
  startup: ['bench/startup.ts'],
  'plan-train-moe10t-al128-16k': ['bench/plan.ts', 'plan-train-moe10t-al128-16k'],
  'plan-train-moe10t-al128-262k': ['bench/plan.ts', 'plan-train-moe10t-al128-262k'],
  'serve-deepseek-pd-hour-flow': ['bench/serve.ts', 'flow'],
  'serve-trace-azure-1gb': ['bench/serve-trace.ts'],
  'sweep-train-1000': ['bench/sweep.ts'],
  'ui-refresh': ['bench/ui-refresh.ts'],
  'resilience-16k-mc': ['bench/resilience.ts'],
  'share-hpn-2x1024': ['bench/share.ts'],
};
const TIMEOUT_S = 600;
/** Cases that take longer: the 1 GB trace writes its file, then serves some 28 million requests. */
const TIMEOUTS_S: Record<string, number> = { 'serve-trace-azure-1gb': 3600 };
const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CASES;

const rows: Record<string, unknown>[] = [];
for (const name of wanted) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', ...(FILES[name] ?? ['bench/collective.ts', name])], {
    cwd: root,
    encoding: 'utf8',
    timeout: (TIMEOUTS_S[name] ?? TIMEOUT_S) * 1000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0 && line.startsWith('{')) rows.push(JSON.parse(line));
  else
    rows.push({
      case: name,
      error: r.error ? `timed out after ${TIMEOUTS_S[name] ?? TIMEOUT_S} s` : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`),
    });
  process.stdout.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
}
process.stdout.write('\ncase                       wall (ms)  peak RSS (MiB)  events  events/s  solves  flows solved\n');
for (const r of rows) {
  const f = (v: unknown, w: number) => String(typeof v === 'number' ? Number(v.toPrecision(4)) : (v ?? '-')).padStart(w);
  process.stdout.write(
    `${String(r.case).padEnd(26)}${f(r.wallMs, 10)}${f(r.peakRssMiB, 16)}${f(r.events, 8)}${f(typeof r.events === 'number' && typeof r.wallMs === 'number' ? (1000 * r.events) / r.wallMs : undefined, 10)}${f(r.solves, 8)}${f(r.flowsSolvedTotal, 14)}${r.error ? `  ${r.error}` : ''}\n`,
  );
}
