/** A pipelined chain through all ranks: the shape of ring broadcast and ring reduce; across domains, one chain per channel ring, each leaving every domain on its own NIC. */

import { MAX_STREAMED_CHUNKS, type Pipeline, pipelineChunks, pipelinedTime, uniformPipeline } from './pipeline.js';
import { channelRing, spanning } from './ring-channels.js';
import { createScheduleBuilder, rank } from './schedule-builder.js';
import type { CollectiveContext, CollectiveHierarchy, Schedule } from './types.js';

const chainOf = (ctx: CollectiveContext) => uniformPipeline(ctx.ranks - 1, ctx.bytes / ctx.bandwidth);
const chunksFor = (ctx: CollectiveContext) => pipelineChunks(chainOf(ctx), ctx.stepLatency);

/**
 * Across m domains of d ranks NCCL runs its ring broadcast and reduce on its d channel rings (ring-channels.ts), each
 * carrying S/d from the root along its ring: a GPU forwards d - 1 channels over its scale-up link and about one over
 * its NIC, so every NIC of a domain carries S/d where a single chain would push all of S through one. Per channel a
 * chain of n - 1 hops, m of them (m - 1 from the root of channel 0) across domains:
 * t = pipelined over n - 1 stages at the hops' mean alpha, the slowest hop S/(d B_o), the busiest rank
 * max((d - 1) S/(d B_i), S/(d B_o)).
 * Worked example: 4 domains of 8, S = 1 GiB, B_i = 370 GB/s, B_o = 48 GB/s: busiest rank max(2.54 ms, 2.80 ms) = 2.80 ms,
 * against S/B_o = 22.4 ms for one chain through one NIC.
 */
function channelChainOf(ctx: CollectiveContext, h: CollectiveHierarchy): { pipeline: Pipeline; alpha: number } {
  const { ranks: n, bytes: s } = ctx;
  const d = h.domainSize;
  const m = h.domains;
  const outWork = s / (d * h.interBandwidth);
  const pipeline = {
    stages: n - 1,
    hopWork: Math.max(outWork, s / (d * h.intraBandwidth)),
    roundWork: Math.max(((d - 1) * s) / (d * h.intraBandwidth), outWork),
  };
  return { pipeline, alpha: ((n - 1 - m) * h.intraLatency + m * h.interLatency) / (n - 1) };
}

/** (k + n - 2)(alpha + S/(kB)) for the chosen k; across domains, the channel chains'. */
export function chainTime(ctx: CollectiveContext): number {
  const h = spanning(ctx);
  if (h) {
    const { pipeline, alpha } = channelChainOf(ctx, h);
    return pipelinedTime(pipeline, alpha, pipelineChunks(pipeline, alpha, MAX_STREAMED_CHUNKS));
  }
  return pipelinedTime(chainOf(ctx), ctx.stepLatency, chunksFor(ctx));
}

/**
 * k chunks along the chain at(0) -> at(1) -> ... -> at(n-1); the transfer of a chunk on a hop waits for that
 * chunk on the previous hop and for the previous chunk on the same hop, so chunks stay in order. Across domains,
 * `toRoot` says which way the chains run (reduce: to rank 0; broadcast: from it): per channel ring, rotated to start
 * at rank 0, each hop one streaming transfer of S/d arriving `chainTime` - its busiest rank's work after its bytes.
 */
export function chainSchedule(ctx: CollectiveContext, at: (position: number) => number, toRoot = false): Schedule {
  const builder = createScheduleBuilder();
  const h = spanning(ctx);
  if (h) {
    const { pipeline } = channelChainOf(ctx, h);
    const latencyS = Math.max(0, chainTime(ctx) - pipeline.roundWork);
    for (let c = 0; c < h.domainSize; c++) {
      const ring = channelRing(h, c);
      const start = ring.indexOf(0);
      const order = ring.map((_, i) => ring[(start + i) % ring.length] as number);
      for (let i = 0; i + 1 < order.length; i++) {
        const [a, b] = [order[i] as number, order[i + 1] as number];
        builder.add(rank(toRoot ? b : a), rank(toRoot ? a : b), ctx.bytes / h.domainSize, [], 1, latencyS);
      }
    }
    return builder.build();
  }
  const chunks = chunksFor(ctx);
  let previous: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const hops: number[] = [];
    for (let i = 0; i + 1 < ctx.ranks; i++) {
      const deps = [...(i > 0 ? [hops[i - 1] ?? -1] : []), ...(c > 0 ? [previous[i] ?? -1] : [])];
      hops.push(builder.add(rank(at(i)), rank(at(i + 1)), ctx.bytes / chunks, deps));
    }
    previous = hops;
  }
  return builder.build();
}
