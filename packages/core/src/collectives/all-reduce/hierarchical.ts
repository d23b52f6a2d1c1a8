/** Hierarchical all-reduce: reduce-scatter inside each scale-up domain, all-reduce across domains per rail, all-gather inside. */

import { hierarchyOf } from '../context.js';
import { defineCollectiveAlgorithm } from '../define.js';
import { halvingDoublingSteps, isPowerOfTwo } from '../halving-doubling-steps.js';
import { needsHierarchy, rankGroups } from '../hierarchy.js';
import { ringSteps } from '../ring-steps.js';
import { createScheduleBuilder, noDeps, range } from '../schedule-builder.js';

/**
 * With d ranks per domain and m domains (n = d m), three phases:
 * ring reduce-scatter over d (S, intra), all-reduce of the S/d each rank owns over the m ranks of its rail (inter),
 * ring all-gather over d (intra). The inter all-reduce is a ring, or halving-doubling when m is a power of two
 * (same bytes in 2 log2 m steps instead of 2(m-1): 22 instead of 4,094 steps across 2,048 domains):
 * t = 2(d-1)(alpha_i + S/(d B_i)) + [2(m-1) alpha_o | 2 log2(m) alpha_o] + 2(m-1)/m S/(d B_o).
 * Only S/d per rank crosses the scale-out, 2(m-1)/m S/d, against 2(n-1)/n S for a flat ring.
 * Worked example: 4 domains of 8 H100s, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s (NDR 400G, dev.json
 * coll-h100-expectations-maintainer), alpha_i = 2 us, alpha_o = 10 us:
 * 14 x (2 us + 362.75 us) + 6 x (10 us + 1073741824 / (32 x 48e9) s = 699.05 us) = 5.1065 + 4.2543 = 9.3608 ms.
 */
export const hierarchicalAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'hierarchical',
  description: 'Hierarchical all-reduce: intra-domain reduce-scatter, per-rail inter-domain ring all-reduce of S/d, intra-domain all-gather.',
  source:
    'Jia et al., "Highly scalable deep learning training system with mixed-precision: training ImageNet in four minutes" (hierarchical all-reduce), arXiv 1807.11205, 2018; Rashidi et al., "ASTRA-SIM", ISPASS 2020',
  applies: needsHierarchy,
  time(ctx) {
    const h = hierarchyOf(ctx);
    const { d, m } = rankGroups(ctx);
    const s = ctx.bytes;
    const interSteps = isPowerOfTwo(m) ? 2 * Math.log2(m) : 2 * (m - 1);
    return 2 * (d - 1) * (h.intraLatency + s / (d * h.intraBandwidth)) + interSteps * h.interLatency + (2 * (m - 1) * s) / (d * m * h.interBandwidth);
  },
  schedule(ctx) {
    const { d, m, domain, rail } = rankGroups(ctx);
    const builder = createScheduleBuilder();
    const s = ctx.bytes;
    const after = noDeps(ctx.ranks);
    const phase = (groups: number[][], steps: number, bytes: number, halving = false) => {
      for (const members of groups) {
        const waits = members.map((r) => after[r] ?? []);
        const into = halving ? halvingDoublingSteps(builder, members, bytes, waits) : ringSteps(builder, members, steps, bytes, waits);
        members.forEach((r, i) => {
          after[r] = into[i] ?? [];
        });
      }
    };
    const domains = range(m).map(domain);
    phase(domains, d - 1, s / d);
    if (isPowerOfTwo(m)) phase(range(d).map(rail), 0, s / d, true);
    else phase(range(d).map(rail), 2 * (m - 1), s / (d * m));
    phase(domains, d - 1, s / d);
    return builder.build();
  },
});
