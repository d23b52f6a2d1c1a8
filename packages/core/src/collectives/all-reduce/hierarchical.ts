/** Hierarchical all-reduce: reduce-scatter inside each scale-up domain, all-reduce across domains per rail, all-gather inside, pipelined. */

import { hierarchyOf } from '../context.js';
import { defineCollectiveAlgorithm } from '../define.js';
import { halvingDoublingSteps, isPowerOfTwo } from '../halving-doubling-steps.js';
import { needsHierarchy, rankGroups } from '../hierarchy.js';
import { ringSteps } from '../ring-steps.js';
import { createScheduleBuilder, noDeps, rank } from '../schedule-builder.js';
import type { CollectiveContext } from '../types.js';
import { treeShape } from './binary-trees.js';

/**
 * The three phases' latencies and link-busy times: intra (each of reduce-scatter and all-gather: d - 1 ring steps
 * of S/d) and inter (the S/d each rank owns, all-reduced over the m ranks of its rail: halving-doubling in
 * 2 log2 m steps when m is a power of two, else NCCL's double binary tree, 2h hops, the busiest rank sending four
 * halves of S/d).
 */
function phases(ctx: CollectiveContext): { latency: number; intraLatency: number; intraBusy: number; interBusy: number } {
  const h = hierarchyOf(ctx);
  const { d, m } = rankGroups(ctx);
  const s = ctx.bytes;
  const intraLatency = 2 * (d - 1) * h.intraLatency;
  const tree = isPowerOfTwo(m) ? undefined : treeShape(m);
  const interLatency = (tree ? tree.stages : 2 * Math.log2(m)) * h.interLatency;
  const interBusy = tree ? (tree.load * s) / (2 * d * h.interBandwidth) : (2 * (m - 1) * s) / (d * m * h.interBandwidth);
  return { latency: intraLatency + interLatency, intraLatency, intraBusy: ((d - 1) * s) / (d * h.intraBandwidth), interBusy };
}

/**
 * With d ranks per domain and m domains (n = d m): ring reduce-scatter over d (intra), all-reduce of the S/d each
 * rank owns over the m ranks of its rail (inter), ring all-gather over d (intra). Only 2(m-1)/m S/d per rank crosses
 * the scale-out, against 2(n-1)/n S for one flat ring. Like NCCL's NVLS-tree and tree algorithms the phases stream:
 * chunks are reduced inside the domain while earlier ones cross the network and later ones are gathered, so the
 * scale-up links carry both intra phases at once and the NICs the inter phase, and the message takes the busier of
 * the two plus every phase's latency once (the fluid limit of fine chunks):
 * t = 2(d-1) alpha_i + [2 log2 m | 2h] alpha_o + max(2 (d-1)/d S/B_i, [2(m-1)/m | 2] S/(d B_o)).
 * Worked example: 4 domains of 8 H100s, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s (NDR 400G, cases.json
 * coll-h100-expectations-maintainer), alpha_i = 2 us, alpha_o = 10 us:
 * 28 us + 40 us + max(2 x 2.5393 ms, 4.1943 ms) = 5.1465 ms (one phase after another: 9.3408 ms).
 */
export const hierarchicalAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'hierarchical',
  description: 'Hierarchical all-reduce: intra-domain reduce-scatter, per-rail inter-domain all-reduce of S/d, intra-domain all-gather, streamed.',
  source:
    'Jia et al., "Highly scalable deep learning training system with mixed-precision: training ImageNet in four minutes" (hierarchical all-reduce), arXiv 1807.11205, 2018; NCCL NVLS-tree and tree (NVIDIA/nccl src/device/all_reduce.h); Rashidi et al., "ASTRA-SIM", ISPASS 2020',
  applies: needsHierarchy,
  // NCCL has no halving-doubling across nodes: its multi-node all-reduces are rings, trees and NVLS-tree
  // (nvls-tree.ts). The two-level form stays for comparison and for fabrics without in-switch reduction.
  automatic: false,
  time(ctx) {
    const p = phases(ctx);
    return p.latency + Math.max(2 * p.intraBusy, p.interBusy);
  },
  schedule(ctx) {
    // The streaming phases run side by side on their own links; each arrival carries the latency the closed form
    // charges, so the slowest tier sets the makespan as it does in the pipeline.
    const { d, m, domain, rail } = rankGroups(ctx);
    const h = hierarchyOf(ctx);
    const p = phases(ctx);
    const s = ctx.bytes;
    const builder = createScheduleBuilder();
    for (let g = 0; g < m; g++) {
      const members = domain(g);
      ringSteps(builder, members, d - 1, s / d, noDeps(d), p.latency);
      ringSteps(builder, members, d - 1, s / d, noDeps(d), p.latency);
    }
    for (let l = 0; l < d; l++) {
      const members = rail(l);
      if (!isPowerOfTwo(m)) {
        // Each tree streams half of the rank's S/d up to its root (reduced on the way) and back down.
        for (const tree of treeShape(m).trees) {
          for (let i = 0; i < m; i++) {
            const parent = tree.parentOf(i);
            if (parent === -1) continue;
            const [child, up] = [rank(members[i] as number), rank(members[parent] as number)];
            builder.add(child, up, s / (2 * d), [], 1, p.latency);
            builder.add(up, child, s / (2 * d), [], 1, p.latency);
          }
        }
        continue;
      }
      // Halving-doubling pays alpha_o per step through its dependency chain; the intra latency joins the first step.
      halvingDoublingSteps(builder, members, s / d, noDeps(m), p.intraLatency + h.interLatency);
    }
    return builder.build();
  },
});
