/** Double binary tree all-reduce (NCCL TREE): two complementary binary trees, each reducing up and broadcasting down half the data, pipelined. */

import { defineCollectiveAlgorithm } from '../define.js';
import { type Pipeline, pipelineChunks, pipelinedTime } from '../pipeline.js';
import { spanning } from '../ring-channels.js';
import { createScheduleBuilder, rank } from '../schedule-builder.js';
import type { CollectiveContext } from '../types.js';
import { type TreeShape, treeShape } from './binary-trees.js';
import { chainAllReduceSchedule, chainAllReduceTime, channelTreeSchedule, channelTreeTime } from './channel-trees.js';

/**
 * Each tree carries S/2 in k chunks of c = S/(2k): a chunk climbs h hops to the root, summed on the way, then
 * descends h hops, a chain of 2h stages (h = tree height, log2 n for n a power of two). Almost every rank is
 * interior in one tree and a leaf in the other, so per chunk it sends 1 + 2 (interior: to parent, to two
 * children) + 1 (leaf: to parent) = L = 4 chunks (fewer on tiny n). The first chunk fills the chain on idle links,
 * then every chunk costs one round of the busiest rank:
 * t = (2h - 1)(alpha + c/B) + k (alpha + L c/B): ~2h alpha for small S (k = 1), ~2S/B for large S.
 * That is a tree's latency and twice the bytes of one reduce, which is why NCCL's tuner halves the tree's bus
 * bandwidth for all-reduce (NVIDIA/nccl src/graph/tuning.cc). DESIGN 4.3 and the NCCL 2.4 post say ~S/B: that is
 * the bandwidth of one full-bandwidth reduce or broadcast, and an all-reduce is both.
 * Worked example: n = 8 (h = 3), S = 1 GiB, B = 370 GB/s, alpha = 2 us: S/(2B) = 1.451 ms,
 * k = sqrt(5 x 1.451 ms / 2 us) = 60.2 -> 60, t = 5 x (2 us + 24.18 us) + 60 x 2 us + 4 x 1.451 ms = 6.0549 ms.
 * The contention-free executor runs this DAG up to ~6% faster: a rank's concurrent chains overlap one's alpha with
 * another's bytes, which the round-by-round form does not credit. NCCL builds its trees between nodes: inside one
 * scale-up domain its tree is a chain, and across domains a chain inside each and the double binary tree between them,
 * one per channel, on every NIC (channel-trees.ts). The flat double binary tree prices groups spread unevenly.
 */
export const doubleBinaryTreeAllReduce = defineCollectiveAlgorithm({
  op: 'allreduce',
  name: 'tree',
  family: 'tree',
  description: 'Double binary tree all-reduce (NCCL TREE): two complementary trees each reduce and broadcast S/2, pipelined.',
  source:
    'Sanders, Speck & Traeff, "Two-tree algorithms for full bandwidth broadcast, reduction and scan", Parallel Computing 35(12), 2009; NCCL 2.4 double binary trees (NVIDIA/nccl src/graph/trees.cc)',
  time(ctx) {
    const h = spanning(ctx);
    if (h) return channelTreeTime(ctx, h);
    if (ctx.oneDomain) return chainAllReduceTime(ctx);
    const pipeline = pipelineOf(ctx, treeShape(ctx.ranks));
    return pipelinedTime(pipeline, ctx.stepLatency, pipelineChunks(pipeline, ctx.stepLatency));
  },
  schedule(ctx) {
    const h = spanning(ctx);
    if (h) return channelTreeSchedule(ctx, h);
    if (ctx.oneDomain) return chainAllReduceSchedule(ctx);
    const shape = treeShape(ctx.ranks);
    const pipeline = pipelineOf(ctx, shape);
    const latencyS = pipelinedTime(pipeline, ctx.stepLatency, pipelineChunks(pipeline, ctx.stepLatency)) - pipeline.roundWork;
    const builder = createScheduleBuilder();
    for (const tree of shape.trees) {
      for (let r = 0; r < ctx.ranks; r++) {
        const parent = tree.parentOf(r);
        if (parent === -1) continue;
        builder.add(rank(r), rank(parent), ctx.bytes / 2, [], 1, latencyS);
        builder.add(rank(parent), rank(r), ctx.bytes / 2, [], 1, latencyS);
      }
    }
    return builder.build();
  },
});

/** Each tree's half of S crosses a hop in S/(2B); the busiest rank carries `load` such hops per chunk. */
function pipelineOf(ctx: CollectiveContext, shape: TreeShape): Pipeline {
  const hopWork = ctx.bytes / (2 * ctx.bandwidth);
  return { stages: shape.stages, hopWork, roundWork: shape.load * hopWork };
}
