/** NCCL's tree all-reduce as it builds it: across scale-up domains, per channel a chain inside every domain and a double binary tree between the domains, each channel on its own NIC; inside one domain, the chain alone. */

import { MAX_STREAMED_CHUNKS, pipelineChunks, pipelinedTime } from '../pipeline.js';
import { createScheduleBuilder, rank } from '../schedule-builder.js';
import type { CollectiveContext, CollectiveHierarchy, Schedule } from '../types.js';
import { treeShape } from './binary-trees.js';

/**
 * NCCL builds its trees as a chain through the GPUs of a node and a double binary tree between nodes, and runs one per
 * channel, channel c's chain headed by the node's GPU c, which joins the tree over its own NIC (NVIDIA/nccl
 * src/graph/trees.cc, src/graph/connect.cc; "Massively Scale Your Deep Learning Training with NCCL 2.4": "a chain
 * within each node, a double binary tree between nodes"). With d channels over m domains of d ranks, each carries S/d:
 * reduced up its chains to their heads, up and down the domains' double binary tree, broadcast down the chains.
 * Each rank heads one channel's chain and ends another's, so over its scale-up link it sends 2 (d - 1) S/d; as the head
 * of one channel its NIC carries that channel's tree load, L S/(2d) (L = 4 sends of half the channel per chunk, as in
 * the flat tree). Pipelined over 2 (d - 1) chain stages and the tree's 2h:
 * t = (stages - 1)(alpha + hop/k) + k alpha + max(2 (d - 1) S/(d B_i), L S/(2 d B_o)), alpha the stages' mean, hop
 * the slowest hop's share of one chunk.
 * Worked example: 4 domains of 8 (h = 2, L = 4 over 4 domains), S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s: busiest
 * max(5.08 ms, 5.59 ms) = 5.59 ms; one tree through one NIC per domain carried 4 S/(2 B_o) = 44.7 ms.
 */
function channelTreeOf(ctx: CollectiveContext, h: CollectiveHierarchy) {
  const s = ctx.bytes;
  const { domainSize: d, domains: m } = h;
  const shape = treeShape(m);
  const chainStages = 2 * (d - 1);
  const stages = chainStages + shape.stages;
  const intraWork = (2 * (d - 1) * s) / (d * h.intraBandwidth);
  // A host-staged transport's chunks pay its host's time a message at every network stage, at its large-message rate.
  const interBandwidth = h.interPerMessage?.bandwidth ?? h.interBandwidth;
  const interLatency = h.interLatency + (h.interPerMessage?.overheadS ?? 0);
  const interWork = (shape.load * s) / (2 * d * interBandwidth);
  const pipeline = {
    stages,
    hopWork: Math.max(d > 1 ? s / (d * h.intraBandwidth) : 0, s / (2 * d * interBandwidth)),
    roundWork: Math.max(intraWork, interWork),
  };
  const alpha = (chainStages * h.intraLatency + shape.stages * interLatency) / Math.max(1, stages);
  // The wire NCCL's per-hop latencies already hold, per stage on average: the fill does not pay it twice.
  const referenceWire = (chainStages * (h.intraReferenceWire ?? 0) + shape.stages * (h.interReferenceWire ?? 0)) / Math.max(1, stages);
  return { pipeline, alpha, referenceWire, shape };
}

/**
 * The channel trees' time: the pipeline of chunks through the chains and the tree (pipelinedTime), its fill at NCCL's
 * per-hop latencies, whose measurement holds its reference platform's wire (comm/protocols.ts NCCL_REFERENCE_WIRE_S):
 * the first chunk's way through the stages - 1 hops pays each hop's software and the wire beyond the reference's,
 * as NCCL's tuner counts a tree's latency (src/graph/tuning.cc: 2 ((ppn - 1) intraLat + log2(nodes) interLat)). Each
 * further chunk's hand-off keeps the whole step latency.
 * Example: 2 servers of 8 H100s, 1 KiB, LL: 14 chain hops of 0.17 us wire and 0.51 us NCCL (0.6 x 0.85), 2 network
 * hops of 1.83 us wire and 5 us NCCL: 16 x 1.45 us = 23.2 us with the wire added at every hop, 23.2 - 15 x 0.38 =
 * 17.5 us without it twice over the fill (NCCL's own sum: 14 x 0.51 + 2 x 5 = 17.1 us).
 */
export function channelTreeTime(ctx: CollectiveContext, h: CollectiveHierarchy): number {
  const { pipeline, alpha, referenceWire } = channelTreeOf(ctx, h);
  const chunks = pipelineChunks(pipeline, alpha, MAX_STREAMED_CHUNKS);
  return pipelinedTime(pipeline, alpha, chunks) - Math.max(0, pipeline.stages - 1) * referenceWire;
}

/**
 * The transfers of `channelTreeTime`, all streaming at once as the flat tree's do: per channel c, each chain hop of
 * every domain (local ranks c, c + 1, ... in order, headed by c) carries S/d up and S/d down; each edge of the two
 * trees between the domains' ranks c carries S/(2d) each way. Each arrives t - the busiest rank's work after its bytes.
 */
export function channelTreeSchedule(ctx: CollectiveContext, h: CollectiveHierarchy): Schedule {
  const { domainSize: d, domains: m } = h;
  const { pipeline, shape } = channelTreeOf(ctx, h);
  const latencyS = Math.max(0, channelTreeTime(ctx, h) - pipeline.roundWork);
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
