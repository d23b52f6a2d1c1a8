/** NVLS-tree all-reduce (NCCL's NVLSTree): in-switch reduction inside each domain, a double binary tree across domains, one slice per rail. */

import { hierarchyOf } from '../context.js';
import { defineCollectiveAlgorithm } from '../define.js';
import { needsHierarchy, rankGroups } from '../hierarchy.js';
import { createScheduleBuilder, rank, switchOf } from '../schedule-builder.js';
import type { CollectiveContext } from '../types.js';
import { treeShape } from './binary-trees.js';

/**
 * NCCL caps each channel of the tree (its proxy and network path; comm/nvls-tree-limits.ts): 8 channels x 57.7 GB/s on
 * two Hopper nodes, so the measured 463-470 GB/s busbw there, not the ~513 the links allow.
 * The domain's switches reduce the S-byte buffers of its d ranks and hand rank l the sum of slice l (S/d); rank l
 * all-reduces its slice with rank l of every other domain over a double binary tree on rail l; the switches multicast
 * the finished slices back. Inside the domain each rank moves S(d+1)/d each way, as in one NVLS all-reduce; on its
 * rail the busiest rank sends `load` halves of S/d: 2 on two domains (each slice crosses once each way: why NCCL picks
 * this on two nodes, where it beats the per-NIC limit of rings) and 4 from four domains on. The phases stream in
 * chunks, k to each of NCCL's concurrent operations (comm/nvls-tree-limits.ts nvlsTreeChunks), through 2 + 2h stages
 * (the switch's reduction, h hops up, h down, the multicast), so the message takes the busier tier stretched by the
 * pipeline's fill, (k + 2h + 1) / k, plus every network hop's latency once (the switch's is the call's base latency,
 * once, as NCCL's tuner counts it: intraLat + 2 log2(nodes) interLat, src/graph/tuning.cc):
 * t = 2h alpha_o + max(S (d+1)/d / B_s, load S / (2 d B_o)) (k + 2h + 1) / k.
 * Worked example: 2 nodes of 8 H100s, S = 8 GiB, B_s = 308 GB/s (NVLS), B_o = 48 GB/s: intra 31.4 ms against
 * inter 22.4 ms, k = 512 (fill 1.006), so busbw = 2 x 15/16 x S / 31.6 ms = 510 GB/s; a ring is held to ~8 x 48 = 384
 * by the NICs. At 64 MiB k = 4: the fill is 7/4, and the measured 270 GB/s (nccl-tests issue 309) is 0.58 of the 469
 * the same servers reach at 16 GiB, where 4/7 = 0.57.
 */
function phases(ctx: CollectiveContext): { latency: number; intraBusy: number; interBusy: number; treeBusy: number; fill: number } {
  const h = hierarchyOf(ctx);
  const { d, m } = rankGroups(ctx);
  const tree = treeShape(m);
  const s = ctx.bytes;
  // NCCL's per-channel ceiling (comm/nvls-tree-limits.ts) caps the bus bandwidth, 2(n-1)/n S / t, whatever the links.
  const ceilingBusy = h.nvlsTreeBusbwCeiling === undefined ? 0 : (s * 2 * (ctx.ranks - 1)) / ctx.ranks / h.nvlsTreeBusbwCeiling;
  const treeBusy = (tree.load * s) / (2 * d * h.interBandwidth);
  // k chunks through the switch's reduction, the tree's hops up and down and the switch's multicast: k + stages - 1
  // chunk times of the busiest stage (comm/nvls-tree-limits.ts nvlsTreeChunks).
  const fill = h.nvlsTreeChunks === undefined ? 1 : (h.nvlsTreeChunks + 2 + tree.stages - 1) / h.nvlsTreeChunks;
  return {
    // Each network hop once at NCCL's per-hop latency, whose measurement holds its reference's wire (comm/protocols.ts).
    latency: tree.stages * (h.interLatency - (h.interReferenceWire ?? 0)),
    intraBusy: ((s * (d + 1)) / d / (h.intraReductionBandwidth ?? h.intraBandwidth)) * fill,
    interBusy: Math.max(treeBusy, ceilingBusy) * fill,
    treeBusy,
    fill,
  };
}

export const nvlsTreeAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'nvls-tree',
  family: 'in-switch',
  description:
    "NVLS-tree all-reduce (NCCL's NVLSTree): in-switch reduce and multicast inside each domain, a double binary tree across domains per rail, streamed.",
  source:
    'NVIDIA NCCL NVLSTree (NCCL 2.18+; src/device/all_reduce.h, tuning: full inter-node bandwidth on 2 nodes, half beyond); NVIDIA/nccl issue 946 and nccl-tests issue 196 (2-node tree exceeds the NIC limit)',
  applies: (ctx) =>
    needsHierarchy(ctx) ??
    (ctx.hierarchy?.intraReductionBandwidth === undefined ? 'nvls-tree needs scale-up switches that reduce (hierarchy.intraReductionBandwidth)' : undefined),
  time(ctx) {
    const p = phases(ctx);
    return p.latency + Math.max(p.intraBusy, p.interBusy);
  },
  schedule(ctx) {
    // Streaming phases side by side: each rank's intra traffic to and from its switch, slowed to the reduction rate,
    // and each tree edge of its rail carrying half its slice each way; every arrival carries the whole latency.
    const { d, m, domain, rail } = rankGroups(ctx);
    const h = hierarchyOf(ctx);
    const p = phases(ctx);
    const s = ctx.bytes;
    const intraBytes = ((s * (d + 1)) / d) * (h.intraBandwidth / (h.intraReductionBandwidth ?? h.intraBandwidth)) * p.fill;
    // Where NCCL's channel ceiling binds, the tree edges carry proportionally more, so the rails take as long as it allows;
    // both tiers carry the chunk pipeline's fill the same way.
    const edgeBytes = (s / (2 * d)) * (p.treeBusy > 0 ? p.interBusy / p.treeBusy : 1);
    const builder = createScheduleBuilder();
    for (let g = 0; g < m; g++) {
      for (const r of domain(g)) {
        builder.add(rank(r), switchOf(r), intraBytes, [], 1, p.latency);
        builder.add(switchOf(r), rank(r), intraBytes, [], 1, p.latency);
      }
    }
    for (let l = 0; l < d; l++) {
      const members = rail(l);
      for (const tree of treeShape(m).trees) {
        for (let i = 0; i < m; i++) {
          const parent = tree.parentOf(i);
          if (parent === -1) continue;
          const [child, up] = [rank(members[i] as number), rank(members[parent] as number)];
          builder.add(child, up, edgeBytes, [], 1, p.latency);
          builder.add(up, child, edgeBytes, [], 1, p.latency);
        }
      }
    }
    return builder.build();
  },
});
