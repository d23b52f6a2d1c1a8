/** Benchmark: two 1,024-GPU all-reduce jobs of 1 GiB spread over a 2,048-GPU HPN cluster, shared and each alone, flow fidelity. */

import { performance } from 'node:perf_hooks';
import { buildSystem, resolveJobs, shareCluster, systemPresets, systemSchema } from '@supernode/core';

// node --import tsx bench/share.ts (after npm run build): three flow runs (both jobs at once, then each alone) on the
// 2,048-GPU HPN (256 servers, dual-plane rail-optimized Ethernet, two 1,024-GPU segments), placement and choice included.

const system = buildSystem(systemSchema.parse(systemPresets.get('hpn-h800').input), { gpus: 2048 });
const jobs = resolveJobs([0, 1].map(() => ({ op: 'allreduce', gpus: 1024, size: '1GiB' })));
const t0 = performance.now();
const r = shareCluster(system, jobs, { placement: 'spread' });
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    case: 'share-hpn-2x1024',
    wallMs,
    algorithm: r.jobs.map((j) => `${j.algorithm}/${j.protocol}`).join(' '),
    aloneUs: r.jobs.map((j) => j.aloneUs),
    makespanUs: r.makespanUs,
    maxSlowdown: r.maxSlowdown,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
