/** Benchmark: goodput of Llama 3 405B pre-training on 16,384 H100s under failures, expected and 1,000 Monte-Carlo runs of the whole job. */

import { performance } from 'node:perf_hooks';
import { buildSystem, models, resilience, systemPresets, systemSchema, train } from '@supernode/core';

// node --import tsx bench/resilience.ts (after npm run build): the iteration is priced once (analytical), then the
// failure inventory, the checkpoint cost, the closed form and 1,000 seeded runs of 15.6T tokens (about 540
// interruptions each) are timed.

const system = buildSystem(systemSchema.parse(systemPresets.get('hgx-h100').input), { gpus: 16_384 });
const model = models.get('llama3.1-405b');
const plan = { tp: 8, pp: 16, vpp: 8, mbs: 1, gbs: 2048, seq: 8192, zero: 2 as const, accountForEmbedding: true, accountForLoss: true };
const trainReport = train(system, model, plan);
const t0 = performance.now();
const r = resilience(system, model, plan, { trainReport, spareGpus: 512, tokens: 15.6e12, seed: 1, runs: 1_000 });
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    case: 'resilience-16k-mc',
    wallMs,
    runs: r.monteCarlo.runs,
    events: Math.round(r.monteCarlo.interruptions.mean * r.monteCarlo.runs),
    goodput: r.goodput,
    goodputP5: r.monteCarlo.goodput.p5,
    goodputP95: r.monteCarlo.goodput.p95,
    daysToTrain: r.daysToTrain,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
