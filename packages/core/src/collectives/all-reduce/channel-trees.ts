/** NCCL's tree all-reduce as it builds it: across scale-up domains, per channel a chain inside every domain and a double binary tree between the domains, each channel on its own NIC; inside one domain, the chain alone. */

import { MAX_STREAMED_CHUNKS, pipelineChunks, pipelinedTime } from '../pipeline.js';
import { createScheduleBuilder, rank } from '../schedule-builder.js';
import type { CollectiveContext, CollectiveHierarchy, Schedule } from '../types.js';
import { treeShape } from './binary-trees.js';
import { NCCL_TREE_CHANNELS_PER_GPU, treeChunkBytes } from './tree-chunks.js';

/**
 * NCCL builds its trees as a chain through the GPUs of a node and a double binary tree between nodes, and runs one per
 * channel, channel c's chain headed by the node's GPU c, which joins the tree over its own NIC (NVIDIA/nccl
 * src/graph/trees.cc, src/graph/connect.cc; "Massively Scale Your Deep Learning Training with NCCL 2.4": "a chain
 * within each node, a double binary tree between nodes"). Over m domains of d ranks the channels carry S between them:
 * reduced up the chains to their heads, up and down the domains' trees, broadcast down the chains. Each rank heads
 * channels and ends others', so over its scale-up link it sends 2 (d - 1) S/d; as a head its NIC carries its channels'
 * tree load, L S/(2d) (L = 4 sends of half a rank's channels a chunk round: interior in one tree, a leaf in the other).
 * NCCL sends each channel's share in fixed chunks (tree-chunks.ts: 512 KiB on Simple), k = S / (channels x chunk) a
 * channel, through 2 (d - 1) chain stages and the tree's 2h network stages. The first chunk fills the stages, each at
 * its own hop: a chain hop S/(d B_i k), a network hop S/(d B_o k) (a parent takes both children's chunks on its one NIC
 * going up, and sends to both going down), plus each stage's latency and, on the network, what a message waits
 * (`messageS`); then each further chunk costs one round of the busiest rank, max(intra, inter + L/2 x messageS):
 * t = (stages - 1)/stages x sum over stages (alpha_s + hop_s) + k (alpha + round), alpha the stages' mean latency.
 * Worked example: 4 domains of 8 (h = 2, L = 4), S = 1 GiB on Simple, 32 channels (k = 64), B_i = 370 GB/s, B_o = 48
 * GB/s, no latency or message wait: rounds max(5.08 ms, 5.59 ms) / 64 = 87 us, the fill (17/18) x (14 chain hops of
 * 0.36 ms / 64 + 4 network hops of 2.8 ms / 64) = 0.24 ms: 5.83 ms; one tree through one NIC a domain carried
 * 4 S/(2 B_o) = 44.7 ms.
 */
function channelTreeOf(ctx: CollectiveContext, h: CollectiveHierarchy) {
  const s = ctx.bytes;
  const { domainSize: d, domains: m } = h;
  const shape = treeShape(m);
  const channels = NCCL_TREE_CHANNELS_PER_GPU * d;
  const tree = h.tree ?? { chunkBytes: treeChunkBytes('Simple', s, channels, m, d), channels, interBandwidth: h.interBandwidth, share: 1, messageS: 0 };
  const chainStages = 2 * (d - 1);
  const stages = chainStages + shape.stages;
  const chunks = Math.max(1, Math.ceil(s / (tree.channels * tree.chunkBytes)));
  const intraWork = (2 * (d - 1) * s) / (d * h.intraBandwidth);
  const interWork = (shape.load * s) / (2 * d * tree.interBandwidth);
  // NCCL's per-hop latencies hold their reference platform's wire: the fill pays only the wire beyond it.
  const chainHop = h.intraLatency - (h.intraReferenceWire ?? 0) + (d > 1 ? s / (d * h.intraBandwidth * chunks) : 0);
  const networkHop = h.interLatency - (h.interReferenceWire ?? 0) + tree.messageS + s / (d * tree.interBandwidth * chunks);
  const fill = ((stages - 1) / stages) * (chainStages * chainHop + shape.stages * networkHop);
  const alpha = (chainStages * h.intraLatency + shape.stages * h.interLatency) / Math.max(1, stages);
  const round = Math.max(intraWork, interWork + chunks * (shape.load / 2) * tree.messageS) / chunks;
  return { shape, time: fill + chunks * (alpha + round), busyWork: Math.max(intraWork, interWork) };
}

/**
 * The channel trees' time (channelTreeOf). Their latency is the fill's, as NCCL's tuner counts a tree's (src/graph/
 * tuning.cc: 2 ((ppn - 1) intraLat + log2(nodes) interLat)), with each hop's wire beyond its reference's.
 * Example: 2 servers of 8 H100s, 1 KiB, LL: 14 chain hops of 0.17 us wire and 0.51 us NCCL (0.6 x 0.85), 2 network
 * hops of 1.83 us wire and 5 us NCCL: (15 / 16) x (14 x 0.51 + 2 x 5) + 1 round of the mean 1.45 us = 17.5 us
 * (NCCL's own sum: 14 x 0.51 + 2 x 5 = 17.1 us).
 */
export function channelTreeTime(ctx: CollectiveContext, h: CollectiveHierarchy): number {
  return channelTreeOf(ctx, h).time;
}

/**
 * The transfers of `channelTreeTime`, all streaming at once as the flat tree's do: per channel c, each chain hop of
 * every domain (local ranks c, c + 1, ... in order, headed by c) carries S/d up and S/d down; each edge of the two
 * trees between the domains' ranks c carries S/(2d) each way. Each arrives t - the busiest rank's work after its bytes.
 */
export function channelTreeSchedule(ctx: CollectiveContext, h: CollectiveHierarchy): Schedule {
  const { domainSize: d, domains: m } = h;
  const { shape, time, busyWork } = channelTreeOf(ctx, h);
  const latencyS = Math.max(0, time - busyWork);
  const builder = createScheduleBuilder();
  const at = (g: number, local: number) => g * d + (local % d);
  const channel = ctx.bytes / d;
  for (let c = 0; c < d; c++) {
    for (let g = 0; g < m; g++) {
      for (let i = 1; i < d; i++) {
        const [up, down] = [at(g, c + i - 1), at(g, c + i)];
        builder.add(rank(down), rank(up), channel, [], 1, latencyS);
        builder.add(rank(up), rank(down), channel, [], 1, latencyS);
      }
    }
    for (const tree of shape.trees) {
      for (let g = 0; g < m; g++) {
        const parent = tree.parentOf(g);
        if (parent === -1) continue;
        builder.add(rank(at(g, c)), rank(at(parent, c)), channel / 2, [], 1, latencyS);
        builder.add(rank(at(parent, c)), rank(at(g, c)), channel / 2, [], 1, latencyS);
      }
    }
  }
  return builder.build();
}

/**
 * NCCL's tree all-reduce on the ranks of one node: no tree between nodes, only the chain through the node's GPUs, each
 * chunk reduced up it and broadcast back down, 2 (n - 1) stages, each rank sending S up and S down:
 * t = (k + 2 (n - 1) - 1)(alpha + S/(kB)) + S/B for the chosen k (the busiest rank's 2S less the hop's S already in it).
 * Worked example: 8 ranks, S = 1 KiB, B = 370 GB/s, alpha = 0.6 us: ~14 alpha, the ring's 2 (n - 1) steps, not the
 * flat double binary tree's 2 log2 n.
 */
function chainOf(ctx: CollectiveContext) {
  const hop = ctx.bytes / ctx.bandwidth;
  return { stages: 2 * (ctx.ranks - 1), hopWork: hop, roundWork: 2 * hop };
}

export function chainAllReduceTime(ctx: CollectiveContext): number {
  const pipeline = chainOf(ctx);
  return pipelinedTime(pipeline, ctx.stepLatency, pipelineChunks(pipeline, ctx.stepLatency, MAX_STREAMED_CHUNKS));
}

/** The transfers of `chainAllReduceTime`: each chain hop streams S up and S down at once, arriving t - 2S/B after its bytes. */
export function chainAllReduceSchedule(ctx: CollectiveContext): Schedule {
  const latencyS = Math.max(0, chainAllReduceTime(ctx) - chainOf(ctx).roundWork);
  const builder = createScheduleBuilder();
  for (let r = 1; r < ctx.ranks; r++) {
    builder.add(rank(r), rank(r - 1), ctx.bytes, [], 1, latencyS);
    builder.add(rank(r - 1), rank(r), ctx.bytes, [], 1, latencyS);
  }
  return builder.build();
}
