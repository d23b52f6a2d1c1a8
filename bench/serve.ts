/** Benchmark: one simulated hour of serving at 100 requests/s, DeepSeek-V3 on 128 GPUs of one AL128 domain with PD disaggregation. */

import { performance } from 'node:perf_hooks';
import { buildSystem, generateRequests, models, serve, systemPresets, systemSchema } from '@supernode/core';

// node --import tsx bench/serve.ts [flow] (after npm run build): the workload is generated first, then served; both
// timed. With `flow`, the per-step all-to-alls and the KV moves are priced by the flow engine.

const fidelity = process.argv[2] === 'flow' ? 'flow' : 'analytical';

const system = buildSystem(systemSchema.parse(systemPresets.get('al128').input), {});
const t0 = performance.now();
const requests = generateRequests({
  arrival: { kind: 'poisson', rateRps: 100 },
  durationS: 3600,
  input: { kind: 'lognormal', mean: 2000, sigma: 0.8 },
  output: { kind: 'lognormal', mean: 300, sigma: 0.8 },
  seed: 1,
});
const generatedMs = performance.now() - t0;
const report = serve(system, models.get('deepseek-v3'), requests, {
  tp: 1,
  dpAttention: 32,
  ep: true,
  pd: { prefill: 1, decode: 3 },
  precision: 'fp8',
  overlap: true,
  fidelity,
});
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    case: fidelity === 'flow' ? 'serve-deepseek-pd-hour-flow' : 'serve-deepseek-pd-hour',
    wallMs,
    generatedMs,
    requests: report.requests,
    simulatedS: report.durationS,
    ttftP50Ms: report.ttftMs.p50,
    tpotP50Ms: report.tpotMs.p50,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
