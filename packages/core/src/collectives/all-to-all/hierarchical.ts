/** Hierarchical all-to-all: gather inside each scale-up domain the data bound for each rail, then exchange across domains rail-wise. */

import { hierarchyOf } from '../context.js';
import { defineCollectiveAlgorithm } from '../define.js';
import { needsHierarchy, rankGroups } from '../hierarchy.js';
import { createScheduleBuilder, noDeps, range, rank } from '../schedule-builder.js';

/**
 * With d ranks per domain and m domains, rank (g, l) holds S/n for each of the n ranks. Phase 1 (scale-up): it
 * sends to each domain peer (g, l') the m pieces bound for rank l' of every domain, S/d per peer. Phase 2
 * (scale-out, rail l'): rank (g, l') sends each other domain g' the d pieces bound for (g', l'), S/m per domain.
 * t = [d > 1] (alpha_i + (d-1)/d S/B_i) + [m > 1] (alpha_o + (m-1)/m S/B_o). The scale-out bytes equal direct
 * all-to-all's, (n-d)/n S, in m-1 large messages instead of n-d small ones, as DeepEP forwards over NVLink.
 * Worked example: 4 domains of 8, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s, alpha_i = 2 us, alpha_o = 10 us:
 * (2 us + 7/8 x 2.902 ms) + (10 us + 3/4 x 22.37 ms) = 2.5413 + 16.7872 = 19.3285 ms.
 */
export const hierarchicalAllToAll = defineCollectiveAlgorithm({
  op: 'alltoall',
  name: 'hierarchical',
  description: 'Hierarchical all-to-all: aggregate per-rail data inside the scale-up domain, then one rail-wise exchange across domains.',
  source:
    'DeepSeek-V3 technical report, arXiv 2412.19437, 2024, sec. 3.2.2 (IB to the same-index GPU, then NVLink forwarding; here the same two hops in the other order); deepseek-ai/DeepEP',
  applies: needsHierarchy,
  time(ctx) {
    const h = hierarchyOf(ctx);
    const { d, m } = rankGroups(ctx);
    const intra = d > 1 ? h.intraLatency + ((d - 1) * ctx.bytes) / (d * h.intraBandwidth) : 0;
    const inter = m > 1 ? h.interLatency + ((m - 1) * ctx.bytes) / (m * h.interBandwidth) : 0;
    return intra + inter;
  },
  schedule(ctx) {
    const { d, m, domain, rail } = rankGroups(ctx);
    const builder = createScheduleBuilder();
    const into = noDeps(ctx.ranks);
    for (const g of range(m)) {
      for (const src of domain(g)) for (const dst of domain(g)) if (dst !== src) into[dst]?.push(builder.add(rank(src), rank(dst), ctx.bytes / d));
    }
    for (const l of range(d)) {
      for (const src of rail(l)) for (const dst of rail(l)) if (dst !== src) builder.add(rank(src), rank(dst), ctx.bytes / m, into[src]);
    }
    return builder.build();
  },
});
